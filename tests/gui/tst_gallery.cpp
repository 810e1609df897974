#include "engine/imagegenerationservice.h"
#include "engine/thumbnailcache.h"
#include "gallery/boardlistmodel.h"
#include "gallery/detailspanel.h"
#include "gallery/galleryfilterbar.h"
#include "gallery/gallerypanel.h"
#include "gallery/gallerytrash.h"
#include "gallery/historymodel.h"
#include "gallery/imageview.h"
#include "gallery/inlineconfirmation.h"
#include "gallery/tilegridview.h"
#include "gallery/trashdialog.h"
#include "paintcounter.h"
#include "storage/freedesktopthumbnails.h"
#include "studiofixture.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QUrl>

#include <algorithm>
#include <memory>

using namespace atelier;

namespace {

// Writes pending generations straight into the store: many rows fast, without running them.
QList<qint64> seed(test::StudioFixture &f, int count, const QString &prompt)
{
    QList<qint64> ids;
    for (int i = 0; i < count; ++i) {
        Generation generation;
        generation.request = f.engine.request(f.profile.id(), prompt, QStringLiteral("offline"));
        generation.provider = QStringLiteral("offline");
        GenerationError error;
        f.engine.clock.advance(1000);
        ids.append(f.engine.store->insertGeneration(generation, 0, f.engine.clock.nowMs(), &error));
    }
    return ids;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Waits until the model shows the answer to its newest query.
bool loaded(const HistoryModel &model)
{
    QSignalSpy counted(&model, &HistoryModel::totalCountChanged);
    return !model.isLoading() || counted.wait();
}

// Whether a label of the widget shows exactly this text.
bool shows(const QWidget &widget, const QString &text)
{
    const QList<QLabel *> labels = widget.findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(),
                       [&text](const QLabel *label) { return label->text() == text; });
}

} // namespace

class TestGallery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagesThroughALongHistory();
    void aGridShowingItsEndFetchesWhenTheCountArrives();
    void searchAndFiltersNarrowTheGrid();
    void aStaleAnswerIsDropped();
    void changesDuringALoadAreKept();
    void newGenerationsAppearLive();
    void thumbnailsArriveAndTheCacheStaysBounded();
    void deleteMovesToTheTrashAndCtrlZBringsItBack();
    void reuseHandsTheRequestOn();
    void costSaysWhatWasCharged();
    void multiImageDeleteAndDragNameEveryFile();
    void imageViewDropsLoadsLeftBehind();
    void rendersWithASelection();
};

void TestGallery::pagesThroughALongHistory()
{
    test::StudioFixture f;
    seed(f, 450, QStringLiteral("a lighthouse at dusk"));
    HistoryModel model(f.service(), f.profile);
    // Read off the GUI thread: nothing yet, and nothing to fetch until the first page is there.
    QVERIFY(model.isLoading());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(loaded(model));
    QCOMPARE(model.rowCount(), HistoryModel::kPageSize);
    QCOMPARE(model.totalCount(), 450);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    // One page on its way at a time.
    QVERIFY(!model.canFetchMore({}));
    QTRY_COMPARE(model.rowCount(), 2 * HistoryModel::kPageSize);
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 450);
    QVERIFY(!model.canFetchMore({}));
    // Newest first, and no row twice.
    QVERIFY(model.generationAt(0)->createdAt > model.generationAt(449)->createdAt);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.data(model.index(row), HistoryModel::IdRole).toLongLong());
    QCOMPARE(ids.size(), 450);
    // The tiles hold the start of the prompt; the whole generation is read when asked for.
    QCOMPARE(model.data(model.index(0), HistoryModel::PromptRole).toString(),
             QStringLiteral("a lighthouse at dusk"));
    QCOMPARE(model.generationAt(0)->request.prompt, QStringLiteral("a lighthouse at dusk"));
    QVERIFY(!model.generationAt(450));
    // Oldest first turns the order round; the rows stay as they were until the answer comes.
    HistoryQuery oldest;
    oldest.newestFirst = false;
    model.setQuery(oldest);
    QCOMPARE(model.rowCount(), 450);
    QVERIFY(loaded(model));
    QCOMPARE(model.rowCount(), HistoryModel::kPageSize);
    QVERIFY(model.generationAt(0)->createdAt < model.generationAt(1)->createdAt);
}

// The count comes after the first page. A window tall enough to show that whole page has nothing to
// scroll, so no scrolling asks for the rest: the count's arrival must.
void TestGallery::aGridShowingItsEndFetchesWhenTheCountArrives()
{
    test::StudioFixture f;
    seed(f, HistoryModel::kPageSize + 50, QStringLiteral("a lighthouse at dusk"));
    GalleryPanel panel(f.context);
    panel.resize(6000, 6000);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(loaded(*panel.model()));
    QTRY_COMPARE(panel.model()->rowCount(), HistoryModel::kPageSize + 50);
    QCOMPARE(panel.grid()->verticalScrollBar()->maximum(), 0);
    QVERIFY(!panel.model()->canFetchMore({}));
}

void TestGallery::searchAndFiltersNarrowTheGrid()
{
    test::StudioFixture f;
    seed(f, 5, QStringLiteral("a red fox in the snow"));
    const QList<qint64> whales = seed(f, 3, QStringLiteral("a blue whale"));
    f.engine.store->markCancelled(whales.first(), 1, f.engine.clock.nowMs());
    GalleryPanel panel(f.context);
    HistoryModel &model = *panel.model();
    QVERIFY(loaded(model));
    QCOMPARE(model.rowCount(), 8);

    QSignalSpy changed(panel.filters(), &GalleryFilterBar::queryChanged);
    QTest::keyClicks(panel.filters()->searchField(), QStringLiteral("fo"));
    // Every key asks at once, a space more asks nothing new, and the rows change when the answer comes.
    QCOMPARE(changed.count(), 2);
    QTest::keyClick(panel.filters()->searchField(), Qt::Key_Space);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model.rowCount(), 8);
    QVERIFY(loaded(model));
    QCOMPARE(model.query().text, QStringLiteral("fo"));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("countLabel"))->text(),
             QStringLiteral("5 generations"));

    panel.filters()->searchField()->clear();
    QVERIFY(loaded(model));
    auto *status = panel.findChild<QComboBox *>(QStringLiteral("statusFilter"));
    status->setCurrentIndex(status->findText(QStringLiteral("Cancelled")));
    QVERIFY(loaded(model));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0), HistoryModel::IdRole).toLongLong(), whales.first());
    QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("countLabel"))->text(), QStringLiteral("1 generation"));

    auto *modelFilter = panel.findChild<QComboBox *>(QStringLiteral("modelFilter"));
    status->setCurrentIndex(0);
    modelFilter->setCurrentIndex(modelFilter->findData(QStringLiteral("gpt-image-1")));
    QVERIFY(loaded(model));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(shows(panel, QStringLiteral("Nothing matches. Try other words or fewer filters.")));
}

void TestGallery::aStaleAnswerIsDropped()
{
    test::StudioFixture f;
    seed(f, 4, QStringLiteral("a red fox in the snow"));
    const QList<qint64> whales = seed(f, 2, QStringLiteral("a blue whale"));
    HistoryModel model(f.service(), f.profile);
    QVERIFY(loaded(model));
    QSignalSpy reset(&model, &HistoryModel::modelReset);
    HistoryQuery foxes;
    foxes.text = QStringLiteral("fox");
    HistoryQuery whalesOnly;
    whalesOnly.text = QStringLiteral("whale");
    // Asked one after the other, before the first answer is in: only the answer to the last one is shown.
    model.setQuery(foxes);
    model.setQuery(whalesOnly);
    QVERIFY(loaded(model));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.totalCount(), 2);
    QCOMPARE(model.idAt(0), whales.last());
    // The foxes' answer, read or skipped, never replaces it: reads run in the order asked, so it is long over
    // when the answer to one more query arrives.
    model.setQuery(whalesOnly);
    QVERIFY(loaded(model));
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.idAt(0), whales.last());
}

void TestGallery::changesDuringALoadAreKept()
{
    test::StudioFixture f;
    seed(f, 3, QStringLiteral("older"));
    f.service().start();
    HistoryModel model(f.service(), f.profile);
    QVERIFY(loaded(model));
    // A new generation while the answer to a new query is on its way: the answer may have been read before
    // it, but it shows once the answer is in, and counts once.
    model.setQuery({});
    QVERIFY(model.isLoading());
    const qint64 id = f.service()
                          .generateImage(f.engine.request(f.profile.id(), QStringLiteral("a new one"),
                                                          QStringLiteral("offline")))
                          .id;
    QVERIFY(id > 0);
    QVERIFY(loaded(model));
    QCOMPARE(model.idAt(0), id);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.totalCount(), 4);
    // A deletion too.
    QTRY_COMPARE(model.data(model.index(0), HistoryModel::StatusRole).toInt(),
                 int(GenerationStatus::Completed));
    model.setQuery({});
    QVERIFY(!f.service().deleteGeneration(id, f.profile.id()).isError());
    QVERIFY(loaded(model));
    QCOMPARE(model.rowOf(id), -1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.totalCount(), 3);
}

void TestGallery::newGenerationsAppearLive()
{
    test::StudioFixture f;
    seed(f, 2, QStringLiteral("older"));
    f.service().start();
    HistoryModel model(f.service(), f.profile);
    QVERIFY(loaded(model));
    QSignalSpy reset(&model, &HistoryModel::modelReset);
    QCOMPARE(model.rowCount(), 2);
    const qint64 id = f.service()
                          .generateImage(f.engine.request(f.profile.id(), QStringLiteral("a new one"),
                                                          QStringLiteral("offline")))
                          .id;
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(0), HistoryModel::IdRole).toLongLong(), id);
    QTRY_COMPARE(model.data(model.index(0), HistoryModel::StatusRole).toInt(),
                 int(GenerationStatus::Completed));
    QVERIFY(!model.data(model.index(0), HistoryModel::ThumbnailPathRole).toString().isEmpty());
    QCOMPARE(model.totalCount(), 3);
    QCOMPARE(reset.count(), 0);

    // Another profile's work is not this gallery's.
    const qint64 other = f.engine.addProfile(QStringLiteral("Ben"));
    f.service().generateImage(
        f.engine.request(other, QStringLiteral("not Ana's"), QStringLiteral("offline")));
    QCOMPARE(model.rowCount(), 3);
}

void TestGallery::thumbnailsArriveAndTheCacheStaysBounded()
{
    test::StudioFixture f;
    f.service().start();
    QStringList paths;
    for (int i = 0; i < 4; ++i)
        paths.append(f.makeOffline(QStringLiteral("tile %1").arg(i)).resultPaths.value(0));
    QVERIFY(!paths.contains(QString()));

    // Room for about two 64x64 thumbnails.
    ThumbnailCache cache(QSize(64, 64), 2 * 64 * 64 * 4 + 100);
    // The freedesktop thumbnail folder the file manager shares, here the test's own.
    cache.setDiskCache(f.engine.dir.filePath(QStringLiteral("thumbnails")));
    const FreedesktopThumbnails disk(cache.diskCache());
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    QVERIFY(cache.thumbnail(paths.first()).isNull());
    cache.thumbnail(paths.first()); // asked twice, decoded once
    QVERIFY(ready.wait());
    QCOMPARE(ready.count(), 1);
    const QPixmap first = cache.thumbnail(paths.first());
    QVERIFY(!first.isNull());
    QVERIFY(first.width() <= 64 && first.height() <= 64);
    // Made at the standard's large size, for the next start and for the file manager.
    const QImage large = disk.load(paths.first(), FreedesktopThumbnails::Size::Large);
    QCOMPARE(qMax(large.width(), large.height()), 256);
    for (const QString &path : paths)
        cache.thumbnail(path);
    QTRY_COMPARE(ready.count(), 4);
    QVERIFY(cache.cachedBytes() > 0);
    QVERIFY(cache.cachedBytes() <= cache.maxBytes());
    QVERIFY(cache.thumbnail(paths.first()).isNull() || cache.thumbnail(paths.at(1)).isNull());
    // A file that is not an image says so instead of loading for ever.
    cache.thumbnail(f.engine.dir.filePath(QStringLiteral("missing.png")));
    QTRY_VERIFY(cache.isBroken(f.engine.dir.filePath(QStringLiteral("missing.png"))));

    // The grid asks for what it paints, and paints again when it arrives.
    GalleryPanel panel(f.context);
    panel.resize(900, 600);
    auto *paints = new test::PaintCounter(panel.grid()->viewport());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy arrived(panel.thumbnails(), &ThumbnailCache::thumbnailReady);
    QVERIFY(arrived.wait());
    const int paintedBefore = paints->count;
    QTRY_VERIFY(paints->count > paintedBefore);
    QTRY_VERIFY(!panel.thumbnails()->thumbnail(paths.last()).isNull());
}

void TestGallery::deleteMovesToTheTrashAndCtrlZBringsItBack()
{
    test::StudioFixture f;
    f.service().start();
    const Generation kept = f.makeOffline(QStringLiteral("keep me"));
    const Generation doomed = f.makeOffline(QStringLiteral("delete me"));
    const QString file = doomed.resultPaths.value(0);
    const QByteArray bytes = contents(file);
    QVERIFY(!bytes.isEmpty());
    GalleryPanel panel(f.context);
    panel.show();
    QVERIFY(QTest::qWaitForWindowActive(&panel)); // the shortcuts need the grid to have the focus
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->rowCount(), 2);
    panel.grid()->setFocus();
    panel.grid()->setCurrentIndex(panel.model()->index(panel.model()->rowOf(doomed.id)));
    QCOMPARE(panel.details()->generation()->id, doomed.id);
    QTRY_VERIFY(!panel.thumbnails()->thumbnail(file).isNull());
    const QString thumbnail = FreedesktopThumbnails().pathFor(file, FreedesktopThumbnails::Size::Large);
    const QByteArray thumbnailBytes = contents(thumbnail);
    QVERIFY(!thumbnailBytes.isEmpty());
    auto *notice = panel.findChild<QLabel *>(QStringLiteral("galleryNotice"));

    // Delete on the grid: gone from the gallery at once, into the trash without a question.
    QTest::keyClick(panel.grid(), Qt::Key_Delete);
    QCOMPARE(panel.model()->rowOf(doomed.id), -1);
    QCOMPARE(panel.model()->totalCount(), 1);
    QVERIFY(!f.service().getGenerationStatus(doomed.id));
    QCOMPARE(f.service().trashedGenerations(f.profile.id()).size(), 1);
    QVERIFY(notice->text().contains(QStringLiteral("trash")));
    QCOMPARE(panel.trash()->openAction()->text(), QStringLiteral("Trash (1)"));

    // Ctrl+Z brings it back, the very bytes and thumbnail; Ctrl+Shift+Z deletes it again.
    QTest::keyClick(panel.grid(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY(panel.model()->rowOf(doomed.id) >= 0);
    QTRY_COMPARE(panel.model()->totalCount(), 2);
    QCOMPARE(contents(file), bytes);
    QCOMPARE(contents(thumbnail), thumbnailBytes);
    QVERIFY(notice->text().contains(QStringLiteral("back")));
    QCOMPARE(panel.trash()->openAction()->text(), QStringLiteral("Trash"));
    QTest::keyClick(panel.grid(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(panel.model()->rowOf(doomed.id), -1);

    // The details pane's Delete does the same.
    f.engine.clock.advance(1000);
    panel.grid()->setCurrentIndex(panel.model()->index(panel.model()->rowOf(kept.id)));
    QTest::mouseClick(panel.details()->findChild<QPushButton *>(QStringLiteral("deleteButton")),
                      Qt::LeftButton);
    QCOMPARE(panel.model()->totalCount(), 0);

    // In the trash: one restored, the other deleted for good after a question.
    panel.trash()->openTrash();
    TrashDialog *dialog = panel.trash()->dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->shownIds(), (QList<qint64>{kept.id, doomed.id})); // the last deleted first
    dialog->choose({doomed.id});
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("restoreButton")), Qt::LeftButton);
    QTRY_VERIFY(panel.model()->rowOf(doomed.id) >= 0);
    QCOMPARE(dialog->shownIds(), QList<qint64>{kept.id});
    dialog->choose({kept.id});
    auto *confirmation = dialog->findChild<InlineConfirmation *>();
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("eraseButton")), Qt::LeftButton);
    QVERIFY(confirmation->isVisible());
    QVERIFY(QFile::exists(kept.resultPaths.value(0))); // asking changes nothing
    QTest::mouseClick(confirmation->findChild<QPushButton *>(QStringLiteral("confirmButton")),
                      Qt::LeftButton);
    QVERIFY(dialog->shownIds().isEmpty());
    QVERIFY(!QFile::exists(kept.resultPaths.value(0)));
    QCOMPARE(contents(file), bytes);
    QTRY_COMPARE(panel.model()->totalCount(), 1);
}

void TestGallery::reuseHandsTheRequestOn()
{
    test::StudioFixture f;
    f.service().start();
    const Generation made = f.makeOffline(QStringLiteral("a teapot, in blue"));
    GalleryPanel panel(f.context);
    QVERIFY(loaded(*panel.model()));
    QSignalSpy reuse(&panel, &GalleryPanel::reuseRequested);
    panel.grid()->setCurrentIndex(panel.model()->index(0));
    QTest::mouseClick(panel.details()->findChild<QPushButton *>(QStringLiteral("reuseButton")),
                      Qt::LeftButton);
    QCOMPARE(reuse.count(), 1);
    QCOMPARE(reuse.first().first().value<GenerationRequest>(), made.request);
    QCOMPARE(panel.details()->findChild<QLabel *>(QStringLiteral("promptLabel"))->text(),
             QStringLiteral("a teapot, in blue"));
}

void TestGallery::costSaysWhatWasCharged()
{
    test::StudioFixture f;
    Generation held;
    held.request =
        f.engine.request(f.profile.id(), QStringLiteral("still waiting"), QStringLiteral("offline"));
    held.provider = QStringLiteral("offline");
    GenerationError error;
    const qint64 waiting = f.engine.store->insertGeneration(held, 40, f.engine.clock.nowMs(), &error);
    QVERIFY(waiting > 0);
    DetailsPanel details(f.context);
    details.show(f.engine.generation(waiting));
    QVERIFY(shows(details, QStringLiteral("40 tokens held, returned if it fails")));

    // Cancelled: the reservation went back, so nothing reads as held any more.
    QVERIFY(f.engine.store->markCancelled(waiting, 1, f.engine.clock.nowMs()));
    details.show(f.engine.generation(waiting));
    QVERIFY(shows(details, QStringLiteral("Nothing charged (the 40 tokens held for it came back)")));
    QVERIFY(!shows(details, QStringLiteral("40 tokens held, returned if it fails")));

    f.service().start();
    const Generation done = f.makeOffline(QStringLiteral("finished"));
    details.show(done);
    QVERIFY(shows(details, QStringLiteral("%1 tokens").arg(done.tokensCharged)));
}

void TestGallery::multiImageDeleteAndDragNameEveryFile()
{
    test::StudioFixture f;
    f.service().start();
    const Generation pair = f.makeOffline(QStringLiteral("two of a kind"), 2);
    QCOMPARE(pair.resultPaths.size(), 2);
    GalleryPanel panel(f.context);
    QVERIFY(loaded(*panel.model()));
    panel.grid()->setCurrentIndex(panel.model()->index(0));

    // A drag carries the files as URLs, never their bytes, and the ids for a board of the sidebar.
    const QStringList formats{QStringLiteral("text/uri-list"), BoardListModel::idsMimeType()};
    QCOMPARE(panel.model()->mimeTypes(), formats);
    std::unique_ptr<QMimeData> mime(panel.model()->mimeData({panel.model()->index(0)}));
    QVERIFY(mime);
    QCOMPARE(mime->formats(), formats);
    QCOMPARE(mime->data(BoardListModel::idsMimeType()), QByteArray::number(pair.id).prepend('[').append(']'));
    QCOMPARE(mime->urls(), (QList<QUrl>{QUrl::fromLocalFile(pair.resultPaths.at(0)),
                                        QUrl::fromLocalFile(pair.resultPaths.at(1))}));

    // Deleted, the generation goes to the trash with both its files.
    QTest::mouseClick(panel.details()->findChild<QPushButton *>(QStringLiteral("deleteButton")),
                      Qt::LeftButton);
    QCOMPARE(panel.model()->rowCount(), 0);
    const QList<Generation> trash = f.service().trashedGenerations(f.profile.id());
    QCOMPARE(trash.size(), 1);
    QCOMPARE(trash.first().resultPaths, pair.resultPaths);
    QVERIFY(QFile::exists(pair.resultPaths.at(0)) && QFile::exists(pair.resultPaths.at(1)));
}

void TestGallery::imageViewDropsLoadsLeftBehind()
{
    test::StudioFixture f;
    f.service().start();
    QStringList paths;
    for (int i = 0; i < 4; ++i)
        paths.append(f.makeOffline(QStringLiteral("frame %1").arg(i)).resultPaths.value(0));
    ImageView view;
    auto *pool = view.findChild<QThreadPool *>();
    QVERIFY(pool);
    QCOMPARE(pool->maxThreadCount(), 1);
    QSignalSpy loaded(&view, &ImageView::imageLoaded);
    // Arrowing through the grid: only the last choice is shown, and no load is left hanging.
    for (const QString &path : std::as_const(paths))
        view.setPath(path);
    QVERIFY(loaded.wait());
    QCOMPARE(view.path(), paths.last());
    QVERIFY(!view.image().isNull());
    QTRY_VERIFY(view.findChildren<QFutureWatcherBase *>().isEmpty());
    QTRY_COMPARE(pool->activeThreadCount(), 0);
    QCOMPARE(loaded.count(), 1);
}

void TestGallery::rendersWithASelection()
{
    test::StudioFixture f;
    f.service().start();
    for (const char *prompt : {"a red fox in the snow", "a lighthouse at dusk", "a bowl of lemons",
                               "a city at night, neon", "a mountain lake"})
        QVERIFY(f.makeOffline(QString::fromLatin1(prompt)).id > 0);
    const QList<qint64> waiting = seed(f, 1, QStringLiteral("waiting for its turn"));
    f.engine.store->markCancelled(waiting.first(), 1, f.engine.clock.nowMs());
    GalleryPanel panel(f.context);
    panel.resize(1100, 720);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(loaded(*panel.model()));
    panel.grid()->setCurrentIndex(panel.model()->index(1));
    QTRY_VERIFY(!panel.details()->imageView()->image().isNull());
    for (int row = 1; row < panel.model()->rowCount(); ++row)
        QTRY_VERIFY(!panel.thumbnails()
                         ->thumbnail(panel.model()
                                         ->data(panel.model()->index(row), HistoryModel::ThumbnailPathRole)
                                         .toString())
                         .isNull());
    // grab() paints every tile again, from the cache. Saved beside the build for a person to look at.
    const QString out =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../../gallery.png"));
    QVERIFY(panel.grab().save(out));
}

QTEST_MAIN(TestGallery)
#include "tst_gallery.moc"
