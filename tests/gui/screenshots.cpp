// Renders the main window in its main states to PNG files, so that anyone can look at what a person sees:
//   atelier-screenshots [FOLDER]   (default: ./screenshots)
// empty.png (first run), queue.png (a busy queue with live previews), gallery.png (history with a selection),
// compare.png (two side by side), trash.png (two deleted results), variations.png (a result's family),
// statistics.png, analytics.png (per model,
// per day and the event log), gallery-dark.png (the same on a dark palette). Built on the GUI tests' fixture:
// nothing of the machine's own data is read or written.
#include "gallery/comparedialog.h"
#include "gallery/detailspanel.h"
#include "gallery/gallerypanel.h"
#include "gallery/gallerytrash.h"
#include "gallery/historymodel.h"
#include "gallery/imageview.h"
#include "gallery/tilegridview.h"
#include "gallery/trashdialog.h"
#include "gallery/variationspane.h"
#include "mainwindow.h"
#include "queue/queuepanel.h"
#include "stats/analyticspanel.h"
#include "studiofixture.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QDir>
#include <QLinearGradient>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTextStream>

using namespace atelier;

namespace {

bool save(MainWindow &window, const QString &folder, const QString &name)
{
    // Let queued updates, thumbnails and batched model changes land before the picture is taken.
    for (int i = 0; i < 20; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
    const QString path = QDir(folder).filePath(name);
    const bool saved = window.grab().save(path);
    QTextStream(stdout) << (saved ? "wrote " : "could not write ") << path << Qt::endl;
    return saved;
}

QByteArray partialImage(int step)
{
    QImage image(256, 256, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient sky(0, 0, 0, 256);
    sky.setColorAt(0, QColor::fromHsv(30 + step * 10, 120, 230));
    sky.setColorAt(1, QColor::fromHsv(220, 160, 90));
    painter.fillRect(image.rect(), sky);
    painter.setBrush(QColor(250, 240, 200));
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(QPoint(180, 90), 30, 30);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

qint64 submit(test::StudioFixture &fixture, const QString &prompt, const QString &model)
{
    GenerationRequest request = fixture.engine.request(fixture.profile.id(), prompt, model);
    request.quality.clear();
    return fixture.service().generateImage(request).id;
}

bool waitFor(QSignalSpy &spy, int count)
{
    while (spy.size() < count) {
        if (!spy.wait(20'000))
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Atelier"));
    const QString folder = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("screenshots");
    QDir().mkpath(folder);

    test::StudioFixture fixture;
    fixture.engine.addProfile(QStringLiteral("Studio Nord"), 2500);
    MainWindow window(fixture.context);
    window.resize(1480, 900);
    window.show();
    fixture.service().start();
    bool ok = save(window, folder, QStringLiteral("empty.png"));

    // History first: finished offline previews, so the gallery and the statistics have something to show.
    QSignalSpy finished(&fixture.service(), &ImageGenerationService::generationFinished);
    const QStringList prompts{QStringLiteral("a red fox in fresh snow"),
                              QStringLiteral("a lighthouse at dusk"),
                              QStringLiteral("a bowl of ramen, steam rising, top view"),
                              QStringLiteral("an old bicycle leaning on a blue wall"),
                              QStringLiteral("a glass teapot on a linen cloth, morning light"),
                              QStringLiteral("a paper boat on a rainy street")};
    for (const QString &prompt : prompts)
        submit(fixture, prompt, QStringLiteral("offline"));
    ok = waitFor(finished, int(prompts.size())) && ok;
    // One that failed, with what to do about it.
    fixture.engine.provider->script({test::ScriptedProvider::fail(GenerationError::make(
        GenerationError::Category::Auth, QStringLiteral("Incorrect API key provided."), 401))});
    QSignalSpy failed(&fixture.service(), &ImageGenerationService::generationFailed);
    submit(fixture, QStringLiteral("a neon sign in the rain"), QStringLiteral("gpt-image-1"));
    ok = waitFor(failed, 1) && ok;
    QueueLimits limits = fixture.service().queueLimits();
    limits.perProvider.insert(QStringLiteral("openai"), 1);
    fixture.service().setQueueLimits(limits);

    // A busy queue: one running with a partial image, two waiting.
    fixture.engine.provider->script(
        {test::ScriptedProvider::hang(), test::ScriptedProvider::hang(), test::ScriptedProvider::hang()});
    const qint64 running =
        submit(fixture, QStringLiteral("a cabin by a frozen lake under the northern lights"),
               QStringLiteral("gpt-image-1"));
    const qint64 backpack = submit(fixture, QStringLiteral("product shot of a leather backpack on white"),
                                   QStringLiteral("gpt-image-1"));
    const qint64 map = submit(fixture, QStringLiteral("a watercolour map of an imaginary island"),
                              QStringLiteral("gpt-image-1"));
    for (int i = 0; i < 50 && fixture.engine.provider->hanging().isEmpty(); ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    fixture.engine.provider->reportStep(running, 2, 4, QStringLiteral("Receiving partial image 1 of 2"),
                                        partialImage(1));
    window.findChild<QPlainTextEdit *>(QStringLiteral("prompt"))
        ->setPlainText(QStringLiteral("a cabin by a frozen lake under the northern lights"));
    window.showPage(0);
    ok = save(window, folder, QStringLiteral("queue.png")) && ok;

    // The queue steered: one waiting job paused by hand, one more at high priority, the whole queue paused.
    const qint64 lamp =
        submit(fixture, QStringLiteral("a brass desk lamp, studio lighting"), QStringLiteral("gpt-image-1"));
    fixture.service().setGenerationHeld(backpack, fixture.profile.id(), true);
    fixture.service().setGenerationPriority(lamp, fixture.profile.id(), Priority::High);
    fixture.service().moveGeneration(map, fixture.profile.id(), QueuePlace::Bottom);
    fixture.service().setQueuePaused(true);
    QCoreApplication::processEvents(QEventLoop::AllEvents, 200);
    ok = save(window, folder, QStringLiteral("queue-steered.png")) && ok;
    fixture.service().setQueuePaused(false);

    // Sorted as a person would: favourites, ratings, a tag and two boards.
    HistoryQuery completed;
    completed.statuses = {GenerationStatus::Completed};
    QList<qint64> ids;
    for (const Generation &generation :
         fixture.service().getUserGenerationHistory(fixture.profile.id(), completed))
        ids.append(generation.id);
    if (ids.size() >= 6) {
        ImageGenerationService &service = fixture.service();
        const qint64 profile = fixture.profile.id();
        service.setFavorite({ids.at(0), ids.at(3)}, profile, true);
        service.setRating({ids.at(0), ids.at(2)}, profile, 5);
        service.setRating({ids.at(3)}, profile, 3);
        service.setRating({ids.at(5)}, profile, 4);
        service.changeTags({ids.at(0), ids.at(5)}, profile, {QStringLiteral("client x, hero shot")}, {});
        GenerationError error;
        if (const std::optional<Board> board =
                service.createBoard(profile, QStringLiteral("Spring campaign"), &error))
            service.addToBoard(board->id, {ids.at(0), ids.at(2), ids.at(3)}, profile);
        service.createBoard(profile, QStringLiteral("Moodboard"), &error);
    }
    if (auto *view = window.galleryPanel()->findChild<QAbstractItemView *>(QStringLiteral("galleryGrid"));
        view && view->model()) {
        view->setCurrentIndex(view->model()->index(5, 0));
    }
    ok = save(window, folder, QStringLiteral("gallery.png")) && ok;

    // Two results side by side, zoomed in step.
    if (auto *view = window.galleryPanel()->findChild<QAbstractItemView *>(QStringLiteral("galleryGrid"))) {
        view->selectionModel()->select(view->model()->index(6, 0), QItemSelectionModel::Select);
        if (auto *compare = window.galleryPanel()->findChild<QAction *>(QStringLiteral("compareAction")))
            compare->trigger();
    }
    if (auto *dialog = window.galleryPanel()->findChild<CompareDialog *>()) {
        for (int i = 0; i < 20; ++i) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            QThread::msleep(10);
        }
        dialog->views().constFirst()->zoomIn();
        dialog->onlyDifferences()->setChecked(true);
        QCoreApplication::processEvents();
        const QString path = QDir(folder).filePath(QStringLiteral("compare.png"));
        ok = dialog->grab().save(path) && ok;
        QTextStream(stdout) << "wrote " << path << Qt::endl;
        dialog->close();
    }

    // Two results deleted: the line above the grid, and the trash.
    if (ids.size() >= 6) {
        GalleryTrash *trash = window.galleryPanel()->trash();
        trash->trash({ids.at(1)});
        fixture.engine.clock.advance(60'000);
        trash->trash({ids.at(4)});
        trash->openTrash();
        for (int i = 0; i < 20; ++i) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            QThread::msleep(10);
        }
        const QString path = QDir(folder).filePath(QStringLiteral("trash.png"));
        ok = trash->dialog()->grab().save(path) && ok;
        QTextStream(stdout) << "wrote " << path << Qt::endl;
        ok = save(window, folder, QStringLiteral("gallery-deleted.png")) && ok;
        trash->dialog()->close();
    }

    // More like this: three variations of a result, one of them shown with its family.
    if (!ids.isEmpty()) {
        const ImageGenerationService::Batch batch =
            fixture.service().moreLikeThis(ids.at(0), fixture.profile.id(), 3);
        ok = !batch.error.isError() && waitFor(finished, int(prompts.size()) + 3) && ok;
        HistoryModel *model = window.galleryPanel()->model();
        if (const int row = batch.submissions.isEmpty() ? -1 : model->rowOf(batch.submissions.at(1).id);
            row >= 0)
            window.galleryPanel()->grid()->setCurrentIndex(model->index(row));
        for (int i = 0; i < 20; ++i) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            QThread::msleep(10);
        }
        DetailsPanel *details = window.galleryPanel()->details();
        if (auto *scroll = details->findChild<QScrollArea *>())
            scroll->ensureWidgetVisible(details->variations());
        QCoreApplication::processEvents();
        ok = save(window, folder, QStringLiteral("variations.png")) && ok;
    }

    window.showPage(1);
    ok = save(window, folder, QStringLiteral("statistics.png")) && ok;
    window.showPage(2);
    const QDate today = QDateTime::fromMSecsSinceEpoch(fixture.engine.clock.nowMs(), Qt::UTC).date();
    window.analyticsPanel()->setPeriod(today.addDays(-6), today);
    ok = save(window, folder, QStringLiteral("analytics.png")) && ok;

    // The same window on a dark desktop: everything is drawn from the palette.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x33, 0x35, 0x39));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x3a, 0x3c, 0x40));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa0));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x72, 0x76));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x72, 0x76));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x72, 0x76));
    QApplication::setPalette(dark);
    window.showPage(0);
    ok = save(window, folder, QStringLiteral("gallery-dark.png")) && ok;
    for (const qint64 id : fixture.engine.provider->hanging())
        fixture.engine.provider->finishHanging(id);
    return ok ? 0 : 1;
}
