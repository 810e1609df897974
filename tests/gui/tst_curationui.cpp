#include "gallery/boardlistmodel.h"
#include "gallery/boardsidebar.h"
#include "gallery/comparedialog.h"
#include "gallery/detailspanel.h"
#include "gallery/galleryfilterbar.h"
#include "gallery/gallerypanel.h"
#include "gallery/historymodel.h"
#include "gallery/imageview.h"
#include "gallery/markseditor.h"
#include "gallery/tilegridview.h"
#include "secondprocess.h"
#include "studiofixture.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace atelier;

namespace {

bool loaded(const HistoryModel &model)
{
    QSignalSpy counted(&model, &HistoryModel::totalCountChanged);
    return !model.isLoading() || counted.wait();
}

GenerationMarks marksOf(test::StudioFixture &f, qint64 id)
{
    return f.service().getGenerationStatus(id).value_or(Generation{}).marks;
}

// Drops what a drag from the grid carries on a row of the list, as the window system hands it over: enter,
// move, drop, through the view's own event handling.
bool dropOnRow(QListView *list, int row, QMimeData *mime)
{
    const QPoint at = list->visualRect(list->model()->index(row, 0)).center();
    QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(list->viewport(), &enter);
    QDragMoveEvent move(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(list->viewport(), &move);
    if (!move.isAccepted())
        return false;
    QDropEvent drop(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(list->viewport(), &drop);
    return drop.isAccepted();
}

// One result, "a red fox", in a gallery on screen with the result chosen.
struct OneResultChosen
{
    test::StudioFixture f;
    Generation made;
    std::unique_ptr<GalleryPanel> panel;

    bool open()
    {
        f.service().start();
        made = f.makeOffline(QStringLiteral("a red fox"));
        panel = std::make_unique<GalleryPanel>(f.context);
        panel->show();
        if (made.id <= 0 || !loaded(*panel->model()))
            return false;
        panel->grid()->setCurrentIndex(panel->model()->index(0));
        return true;
    }
};

} // namespace

// Marking results in the gallery: rating and favourites by key and by mouse, tags in the details pane,
// boards in the sidebar (made, dropped on, chosen, deleted) and the filters by them.
class TestCurationUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateWithTheKeyboard();
    void keysInATextFieldStayText();
    void detailsPaneMarksWithTheMouse();
    void badTagIsExplainedAndChangesNothing();
    void dragToABoard();
    void filterBarFiltersByMarks();
    void compareTwoResults();
};

void TestCurationUi::rateWithTheKeyboard()
{
    test::StudioFixture f;
    f.service().start();
    const Generation a = f.makeOffline(QStringLiteral("a red fox"));
    const Generation b = f.makeOffline(QStringLiteral("a blue fox"));
    const Generation c = f.makeOffline(QStringLiteral("a green fox"));
    GalleryPanel panel(f.context);
    panel.show();
    QVERIFY(loaded(*panel.model()));
    TileGridView *grid = panel.grid();
    grid->setFocus();
    grid->setCurrentIndex(panel.model()->index(panel.model()->rowOf(a.id)));

    QTest::keyClick(grid, Qt::Key_4);
    QCOMPARE(marksOf(f, a.id).rating, 4);
    // The tile shows it without a reload.
    QTRY_COMPARE(panel.model()->index(panel.model()->rowOf(a.id)).data(HistoryModel::RatingRole).toInt(), 4);
    QVERIFY(!panel.model()->isLoading());

    // Several chosen: the keys act on all of them.
    grid->selectionModel()->select(panel.model()->index(panel.model()->rowOf(b.id)),
                                   QItemSelectionModel::Select);
    QTest::keyClick(grid, Qt::Key_F);
    QVERIFY(marksOf(f, a.id).favorite);
    QVERIFY(marksOf(f, b.id).favorite);
    QVERIFY(!marksOf(f, c.id).favorite);
    QTest::keyClick(grid, Qt::Key_2);
    QCOMPARE(marksOf(f, a.id).rating, 2);
    QCOMPARE(marksOf(f, b.id).rating, 2);
    // All favourites already: F takes the mark off; 0 clears the rating.
    QTest::keyClick(grid, Qt::Key_F);
    QVERIFY(!marksOf(f, a.id).favorite);
    QVERIFY(!marksOf(f, b.id).favorite);
    QTest::keyClick(grid, Qt::Key_0);
    QCOMPARE(marksOf(f, a.id).rating, 0);
    QTRY_COMPARE(panel.model()->index(panel.model()->rowOf(b.id)).data(HistoryModel::FavoriteRole).toBool(),
                 false);

    // In the details pane's picture too; there 0 stays "fit", so it does not clear.
    grid->selectionModel()->clearSelection();
    grid->setCurrentIndex(panel.model()->index(panel.model()->rowOf(c.id)));
    QWidget *picture = panel.details()->imageView();
    picture->setFocus();
    QTest::keyClick(picture, Qt::Key_5);
    QCOMPARE(marksOf(f, c.id).rating, 5);
    QTest::keyClick(picture, Qt::Key_0);
    QCOMPARE(marksOf(f, c.id).rating, 5);
    QTest::keyClick(picture, Qt::Key_F);
    QVERIFY(marksOf(f, c.id).favorite);
    // The pane shows the new marks.
    QTRY_VERIFY(panel.details()->findChild<QToolButton *>(QStringLiteral("favoriteButton"))->isChecked());
}

void TestCurationUi::keysInATextFieldStayText()
{
    OneResultChosen one;
    QVERIFY(one.open());
    test::StudioFixture &f = one.f;
    GalleryPanel &panel = *one.panel;
    const Generation &a = one.made;
    QLineEdit *search = panel.filters()->searchField();
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("3f"));
    QCOMPARE(search->text(), QStringLiteral("3f"));
    QLineEdit *tags = panel.details()->marksEditor()->tagsField();
    tags->setFocus();
    QTest::keyClicks(tags, QStringLiteral("5f"));
    QCOMPARE(tags->text(), QStringLiteral("5f"));
    QCOMPARE(marksOf(f, a.id), GenerationMarks{});
}

void TestCurationUi::detailsPaneMarksWithTheMouse()
{
    OneResultChosen one;
    QVERIFY(one.open());
    test::StudioFixture &f = one.f;
    GalleryPanel &panel = *one.panel;
    const Generation &a = one.made;
    MarksEditor *editor = panel.details()->marksEditor();

    QTest::mouseClick(editor->findChild<QToolButton *>(QStringLiteral("star3Button")), Qt::LeftButton);
    QCOMPARE(marksOf(f, a.id).rating, 3);
    // The current rating's star again clears it.
    QTRY_COMPARE(panel.model()->index(0).data(HistoryModel::RatingRole).toInt(), 3);
    QTest::mouseClick(editor->findChild<QToolButton *>(QStringLiteral("star3Button")), Qt::LeftButton);
    QCOMPARE(marksOf(f, a.id).rating, 0);
    QTest::mouseClick(editor->findChild<QToolButton *>(QStringLiteral("favoriteButton")), Qt::LeftButton);
    QVERIFY(marksOf(f, a.id).favorite);

    // Tags as typed, saved on Enter, stored in one spelling; taking one out of the list removes it.
    QLineEdit *tags = editor->tagsField();
    tags->setFocus();
    QTest::keyClicks(tags, QStringLiteral("Client  X, hero shot,"));
    QTest::keyClick(tags, Qt::Key_Return);
    QCOMPARE(marksOf(f, a.id).tags, (QStringList{QStringLiteral("client x"), QStringLiteral("hero shot")}));
    tags->setText(QStringLiteral("hero shot"));
    QTest::keyClick(tags, Qt::Key_Return);
    QCOMPARE(marksOf(f, a.id).tags, QStringList{QStringLiteral("hero shot")});
    // The tag after the last comma is offered the profile's other tags, and a choice replaces only it.
    const Generation other = f.makeOffline(QStringLiteral("a grey wolf"));
    QVERIFY(!f.service()
                 .changeTags({other.id}, f.profile.id(), {QStringLiteral("night, hero shot")}, {})
                 .isError());
    QTest::keyClicks(tags, QStringLiteral(", HE"));
    QCompleter *completer = editor->tagCompleter();
    QCOMPARE(completer->completionCount(), 0); // hero shot is in the list already
    tags->setText(QStringLiteral("hero shot"));
    QTest::keyClicks(tags, QStringLiteral(", NI"));
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), QStringLiteral("night"));
    Q_EMIT completer->activated(QStringLiteral("night"));
    QCOMPARE(tags->text(), QStringLiteral("hero shot, night"));
}

void TestCurationUi::badTagIsExplainedAndChangesNothing()
{
    OneResultChosen one;
    QVERIFY(one.open());
    test::StudioFixture &f = one.f;
    GalleryPanel &panel = *one.panel;
    const Generation &a = one.made;
    QLineEdit *tags = panel.details()->marksEditor()->tagsField();
    tags->setFocus();
    tags->setText(QStringLiteral("fine, %1").arg(QString(60, QLatin1Char('x'))));
    QTest::keyClick(tags, Qt::Key_Return);
    QVERIFY(marksOf(f, a.id).tags.isEmpty());
    const auto *message = panel.details()->findChild<QLabel *>(QStringLiteral("messageLabel"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("longer than 50 characters")),
             qPrintable(message->text()));
}

void TestCurationUi::dragToABoard()
{
    test::StudioFixture f;
    f.service().start();
    const Generation a = f.makeOffline(QStringLiteral("a red fox"));
    const Generation b = f.makeOffline(QStringLiteral("a blue fox"));
    f.makeOffline(QStringLiteral("a green fox"));
    GalleryPanel panel(f.context);
    panel.resize(1200, 700);
    panel.show();
    QVERIFY(loaded(*panel.model()));
    BoardSidebar *sidebar = panel.boards();
    QListView *list = sidebar->list();

    // A board is made by typing its name; a bad name says why and makes nothing.
    QTest::keyClicks(sidebar->nameField(), QStringLiteral("  "));
    QTest::keyClick(sidebar->nameField(), Qt::Key_Return);
    QVERIFY(sidebar->findChild<QLabel *>(QStringLiteral("boardMessage"))
                ->text()
                .contains(QStringLiteral("name")));
    sidebar->nameField()->clear();
    QTest::keyClicks(sidebar->nameField(), QStringLiteral("Spring campaign"));
    QTest::keyClick(sidebar->nameField(), Qt::Key_Return);
    QTRY_COMPARE(list->model()->rowCount(), 2);
    QCOMPARE(list->model()->index(1, 0).data().toString(), QStringLiteral("Spring campaign"));
    QCOMPARE(list->model()->index(1, 0).data(BoardListModel::CountRole).toInt(), 0);

    // Two tiles dragged out of the grid and dropped on the board.
    const QModelIndexList dragged{panel.model()->index(panel.model()->rowOf(a.id)),
                                  panel.model()->index(panel.model()->rowOf(b.id))};
    std::unique_ptr<QMimeData> mime(panel.model()->mimeData(dragged));
    QVERIFY(dropOnRow(list, 1, mime.get()));
    QTRY_COMPARE(list->model()->index(1, 0).data(BoardListModel::CountRole).toInt(), 2);
    QCOMPARE(marksOf(f, a.id).boardIds.size(), 1);
    // Not onto "All results".
    QVERIFY(!dropOnRow(list, 0, mime.get()));

    // Choosing the board shows its results only; all results again after.
    list->setCurrentIndex(list->model()->index(1, 0));
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->totalCount(), 2);
    // Taken off the board in another process (the CLI, say): the tile leaves the board's view, the count
    // follows.
    const qint64 board = list->model()->index(1, 0).data(BoardListModel::BoardIdRole).toLongLong();
    test::SecondProcess cli(f.engine);
    QVERIFY(!cli.service->removeFromBoard(board, {a.id}, f.profile.id()).isError());
    QTRY_COMPARE(panel.model()->rowCount(), 1);
    QTRY_COMPARE(list->model()->index(1, 0).data(BoardListModel::CountRole).toInt(), 1);

    // A name being typed stays while the count is read again.
    list->edit(list->model()->index(1, 0));
    auto *editor = list->findChild<QLineEdit *>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Summer"));
    QVERIFY(!cli.service->addToBoard(board, {a.id}, f.profile.id()).isError());
    QTRY_COMPARE(list->model()->index(1, 0).data(BoardListModel::CountRole).toInt(), 2);
    QCOMPARE(editor->text(), QStringLiteral("Summer"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(list->model()->index(1, 0).data().toString(), QStringLiteral("Summer"));

    // Delete asks first, then removes the board, not its results.
    list->setCurrentIndex(list->model()->index(1, 0));
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(list->model()->rowCount(), 2);
    auto *confirm = sidebar->findChild<QPushButton *>(QStringLiteral("confirmButton"));
    QVERIFY(confirm->isVisible());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_COMPARE(list->model()->rowCount(), 1);
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->totalCount(), 3);
}

void TestCurationUi::filterBarFiltersByMarks()
{
    test::StudioFixture f;
    f.service().start();
    const Generation a = f.makeOffline(QStringLiteral("a red fox"));
    const Generation b = f.makeOffline(QStringLiteral("a blue fox"));
    f.makeOffline(QStringLiteral("a green fox"));
    QVERIFY(!f.service().setFavorite({a.id}, f.profile.id(), true).isError());
    QVERIFY(!f.service().setRating({a.id}, f.profile.id(), 2).isError());
    QVERIFY(!f.service().setRating({b.id}, f.profile.id(), 4).isError());
    QVERIFY(!f.service().changeTags({b.id}, f.profile.id(), {QStringLiteral("Night")}, {}).isError());
    GalleryPanel panel(f.context);
    panel.show();
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->totalCount(), 3);

    auto *favorites = panel.filters()->findChild<QToolButton *>(QStringLiteral("favoritesFilter"));
    favorites->click();
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->totalCount(), 1);
    QCOMPARE(panel.model()->idAt(0), a.id);
    favorites->click();

    auto *rating = panel.filters()->findChild<QComboBox *>(QStringLiteral("ratingFilter"));
    rating->setCurrentIndex(3); // three stars or more
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->totalCount(), 1);
    QCOMPARE(panel.model()->idAt(0), b.id);
    rating->setCurrentIndex(0);

    // The tag filter offers the profile's tags and takes one typed in any case.
    auto *tag = panel.filters()->findChild<QComboBox *>(QStringLiteral("tagFilter"));
    QCOMPARE(tag->count(), 1);
    QCOMPARE(tag->itemText(0), QStringLiteral("night"));
    tag->setEditText(QStringLiteral("NIGHT "));
    QVERIFY(loaded(*panel.model()));
    QCOMPARE(panel.model()->totalCount(), 1);
    QCOMPARE(panel.model()->idAt(0), b.id);
    // Filtered by marks, a result marked meanwhile joins the view.
    QVERIFY(!f.service().changeTags({a.id}, f.profile.id(), {QStringLiteral("night")}, {}).isError());
    QTRY_COMPARE(panel.model()->rowCount(), 2);
    QTRY_COMPARE(panel.model()->totalCount(), 2);
}

void TestCurationUi::compareTwoResults()
{
    test::StudioFixture f;
    f.service().start();
    const Generation a = f.makeOffline(QStringLiteral("a red fox"));
    const Generation b = f.makeOffline(QStringLiteral("a blue fox"));
    QVERIFY(!f.service().setRating({b.id}, f.profile.id(), 3).isError());
    GalleryPanel panel(f.context);
    panel.show();
    QVERIFY(loaded(*panel.model()));
    TileGridView *grid = panel.grid();
    auto *compare = panel.findChild<QAction *>(QStringLiteral("compareAction"));
    // One chosen is nothing to compare.
    grid->setCurrentIndex(panel.model()->index(0));
    QVERIFY(!compare->isEnabled());
    grid->selectionModel()->select(panel.model()->index(1), QItemSelectionModel::Select);
    QVERIFY(compare->isEnabled());
    grid->setFocus();
    QTest::keyClick(grid, Qt::Key_C);
    auto *dialog = panel.findChild<CompareDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->views().size(), 2);
    ImageView *left = dialog->views().at(0);
    ImageView *right = dialog->views().at(1);
    QTRY_VERIFY(!left->image().isNull() && !right->image().isNull());

    // Zoom and pan in one, the other follows.
    left->zoomIn();
    left->zoomIn();
    QCOMPARE(right->zoom(), left->zoom());
    QVERIFY(!right->isFitted());
    QTest::mousePress(left->viewport(), Qt::LeftButton, {}, QPoint(100, 100));
    QTest::mouseMove(left->viewport(), QPoint(60, 70));
    QTest::mouseRelease(left->viewport(), Qt::LeftButton, {}, QPoint(60, 70));
    QVERIFY(left->centre() != QPointF(0.5, 0.5));
    QVERIFY(qAbs(right->centre().x() - left->centre().x()) < 0.01);
    QVERIFY(qAbs(right->centre().y() - left->centre().y()) < 0.01);
    right->zoomToFit();
    QVERIFY(left->isFitted());

    // The settings side by side, what differs marked; only those when asked.
    const QAbstractItemModel *table = dialog->differences()->model();
    QStringList differing;
    int shown = 0;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString label = table->headerData(row, Qt::Vertical).toString();
        if (label.startsWith(QStringLiteral("≠ ")))
            differing.append(label.mid(2));
    }
    QVERIFY2(differing.contains(QStringLiteral("Prompt")), qPrintable(differing.join(u',')));
    QVERIFY(differing.contains(QStringLiteral("Rating")));
    QVERIFY(!differing.contains(QStringLiteral("Model")));
    dialog->onlyDifferences()->setChecked(true);
    for (int row = 0; row < table->rowCount(); ++row)
        shown += dialog->differences()->isRowHidden(row) ? 0 : 1;
    QCOMPARE(shown, differing.size());
    const int promptRow = 0; // the prompt comes first
    const QSet<QString> prompts{table->index(promptRow, 0).data().toString(),
                                table->index(promptRow, 1).data().toString()};
    QCOMPARE(prompts, (QSet<QString>{a.request.prompt, b.request.prompt}));
}

QTEST_MAIN(TestCurationUi)
#include "tst_curationui.moc"
