#include "engine/imagegenerationservice.h"
#include "gallery/detailspanel.h"
#include "gallery/gallerypanel.h"
#include "gallery/historymodel.h"
#include "gallery/tilegridview.h"
#include "gallery/variationspane.h"
#include "studiofixture.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace atelier;

namespace {

bool loaded(const HistoryModel &model)
{
    QSignalSpy counted(&model, &HistoryModel::totalCountChanged);
    return !model.isLoading() || counted.wait();
}

bool allCompleted(test::StudioFixture &f, const QList<qint64> &ids)
{
    return std::all_of(ids.cbegin(), ids.cend(), [&f](qint64 id) {
        const std::optional<Generation> generation = f.service().getGenerationStatus(id);
        return generation && generation->status == GenerationStatus::Completed;
    });
}

QStringList captions(const QListWidget *strip)
{
    QStringList texts;
    for (int row = 0; row < strip->count(); ++row)
        texts.append(strip->item(row)->text());
    return texts;
}

void click(QListWidget *strip, int row)
{
    const QRect rect = strip->visualItemRect(strip->item(row));
    QTest::mouseClick(strip->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

// More like this from the gallery (M, or the details pane's button, n at a time), and the family in the
// details pane, each relative a click away.
class TestVariationsUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moreLikeThisAndTheFamily();
    void aRelativeOutsideTheFiltersIsShownAllTheSame();
};

void TestVariationsUi::moreLikeThisAndTheFamily()
{
    test::StudioFixture f;
    f.service().start();
    const Generation fox = f.makeOffline(QStringLiteral("a red fox in fresh snow"));
    QVERIFY(fox.id > 0);
    GalleryPanel panel(f.context);
    panel.show();
    QVERIFY(QTest::qWaitForWindowActive(&panel)); // M needs the grid to have the focus
    QVERIFY(loaded(*panel.model()));
    panel.grid()->setFocus();
    panel.grid()->setCurrentIndex(panel.model()->index(panel.model()->rowOf(fox.id)));
    VariationsPane *pane = panel.details()->variations();
    QListWidget *strip = pane->strip();
    QVERIFY(strip->isHidden()); // no family yet
    auto *count = pane->findChild<QSpinBox *>(QStringLiteral("variationCount"));
    QCOMPARE(count->value(), 4); // the default
    count->setValue(2);
    QCOMPARE(f.settings.variationCount(), 2); // remembered
    const qint64 balance = f.service().profile(f.profile.id())->balance;

    QTest::keyClick(panel.grid(), Qt::Key_M);
    const auto *message = panel.details()->findChild<QLabel *>(QStringLiteral("messageLabel"));
    QCOMPARE(message->text(), QStringLiteral("Queued 2 more like this, places 1 to 2 in the queue."));
    QTRY_COMPARE(pane->family().variations.size(), 2);
    QCOMPARE(strip->count(), 2);
    QVERIFY(strip->isVisibleTo(&panel));
    QVERIFY(f.service().profile(f.profile.id())->balance < balance);
    const qint64 first = pane->family().variations.at(0).id;
    const qint64 second = pane->family().variations.at(1).id;
    QCOMPARE(captions(strip), (QStringList{QStringLiteral("Variation\n#%1").arg(first),
                                           QStringLiteral("Variation\n#%1").arg(second)}));
    QTRY_VERIFY_WITH_TIMEOUT(allCompleted(f, {first, second}), 10000);
    QTRY_COMPARE(panel.model()->rowCount(), 3);

    // A click on a variation shows it, with where it came from and its sibling.
    QSignalSpy chosen(pane, &VariationsPane::chosen);
    click(strip, 0);
    QCOMPARE(panel.grid()->currentIndex().row(), panel.model()->rowOf(first));
    QCOMPARE(panel.details()->generation()->id, first);
    QCOMPARE(panel.details()->generation()->parentId, fox.id);
    QTRY_COMPARE(captions(strip), (QStringList{QStringLiteral("Came from\n#%1").arg(fox.id),
                                               QStringLiteral("Sibling\n#%1").arg(second)}));
    // The rest of a double-click, reaching the strip now showing this one's family, opens nothing more.
    const QPoint at = strip->visualItemRect(strip->item(1)).center();
    for (const QEvent::Type type : {QEvent::MouseButtonDblClick, QEvent::MouseButtonRelease}) {
        QMouseEvent event(type, at, strip->viewport()->mapToGlobal(at), Qt::LeftButton,
                          type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(strip->viewport(), &event);
    }
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(panel.details()->generation()->id, first);
    const auto *summary = pane->findChild<QLabel *>(QStringLiteral("familySummary"));
    QCOMPARE(summary->text(),
             QStringLiteral("Made from #%1 with “More like this”. 1 other was made from it.").arg(fox.id));

    // The button makes one more of this one; the parent is a click away.
    count->setValue(1);
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("moreLikeThisButton")), Qt::LeftButton);
    QVERIFY(message->text().startsWith(QStringLiteral("Queued one more like this")));
    QTRY_COMPARE(strip->count(), 3);
    QCOMPARE(strip->item(2)->text().section(u'\n', 0, 0), QStringLiteral("Variation"));
    click(strip, 0);
    QCOMPARE(panel.details()->generation()->id, fox.id);
    QTRY_COMPARE(pane->family().variations.size(), 2);
}

void TestVariationsUi::aRelativeOutsideTheFiltersIsShownAllTheSame()
{
    test::StudioFixture f;
    f.service().start();
    const Generation fox = f.makeOffline(QStringLiteral("a red fox in fresh snow"));
    const ImageGenerationService::Batch batch = f.service().moreLikeThis(fox.id, f.profile.id(), 1);
    QVERIFY(!batch.error.isError());
    const qint64 variation = batch.submissions.constFirst().id;
    QTRY_VERIFY_WITH_TIMEOUT(allCompleted(f, {variation}), 10000);
    QVERIFY(!f.service().setFavorite({fox.id}, f.profile.id(), true).isError());
    GalleryPanel panel(f.context);
    HistoryQuery favourites;
    favourites.favoritesOnly = true;
    panel.model()->setQuery(favourites);
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->rowCount(), 1);
    panel.grid()->setCurrentIndex(panel.model()->index(0));
    QListWidget *strip = panel.details()->variations()->strip();
    QTRY_COMPARE(strip->count(), 1);

    click(strip, 0);
    QCOMPARE(panel.details()->generation()->id, variation);
    QVERIFY(!panel.grid()->currentIndex().isValid());
    QTRY_COMPARE(panel.details()->variations()->family().parentId, fox.id);
}

QTEST_MAIN(TestVariationsUi)
#include "tst_variationsui.moc"
