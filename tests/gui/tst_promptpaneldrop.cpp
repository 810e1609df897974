#include "domain/generationsidecar.h"
#include "prompt/promptpanel.h"
#include "prompt/referenceimagestrip.h"
#include "storage/pngtextchunk.h"
#include "studiofixture.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QTest>
#include <QThreadPool>
#include <QUrl>

using namespace atelier;

class TestPromptPanelDrop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aWebUiPngFillsTheForm();
    void anAtelierSidecarFillsTheForm();
    void aPngWithoutParametersSaysSo();
    void textDropsStillReachTheEditor();
    void onlyTheLatestDropCounts();
    void editsMadeWhileReadingStay();
    void aKeptSeedIsShownAndGoesWithThePrompt();

private:
    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    static QByteArray png(const QString &parameters)
    {
        QImage image(16, 24, QImage::Format_RGB32);
        image.fill(Qt::darkGreen);
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return parameters.isEmpty() ? bytes
                                    : PngTextChunk::withText(bytes, QStringLiteral("parameters"), parameters)
                                          .value_or(QByteArray());
    }
    // Drags the file over the widget and drops it, as a file manager would; whether the drop was taken.
    static bool drop(QWidget *target, QMimeData *mime)
    {
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(target, &enter);
        QDropEvent dropped(QPointF(at), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(target, &dropped);
        return dropped.isAccepted();
    }
    static bool dropFile(QWidget *target, const QString &path)
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        return drop(target, &mime);
    }
    static QPlainTextEdit *prompt(PromptPanel &panel)
    {
        return panel.findChild<QPlainTextEdit *>(QStringLiteral("prompt"));
    }
    static QLabel *filledFrom(PromptPanel &panel)
    {
        return panel.findChild<QLabel *>(QStringLiteral("filledFrom"));
    }

    QTemporaryDir m_dir;
};

void TestPromptPanelDrop::aWebUiPngFillsTheForm()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    panel.useModel(QStringLiteral("gpt-image-1"));
    const QString path = write(
        QStringLiteral("webui.png"),
        png(QStringLiteral("a lighthouse on a cliff,\nstormy sea\nNegative prompt: lowres\n"
                           "Steps: 28, Sampler: Euler a, CFG scale: 7, Seed: 3141592653, Size: 832x1216, "
                           "Model: sd_xl_base_1.0, Version: v1.10.1")));
    QVERIFY(!path.isEmpty());

    QVERIFY(dropFile(prompt(panel)->viewport(), path));
    QTRY_COMPARE(prompt(panel)->toPlainText(), QStringLiteral("a lighthouse on a cliff,\nstormy sea"));
    const GenerationRequest request = panel.request();
    QCOMPARE(request.model, QStringLiteral("gpt-image-1")); // its checkpoint means nothing here
    QCOMPARE(request.aspectRatio, QStringLiteral("2:3"));
    QCOMPARE(request.parameters.value(QStringLiteral("seed")).toLongLong(), 3141592653);
    const QString summary = filledFrom(panel)->text();
    QVERIFY2(summary.startsWith(
                 QStringLiteral("Filled from a PNG made with a Stable Diffusion web UI: prompt, aspect ratio "
                                "2:3 (from 832x1216), seed 3141592653.")),
             qPrintable(summary));
    QVERIFY2(
        summary.contains(QStringLiteral("Not used here: negative prompt, Steps, Sampler, CFG scale, Model, "
                                        "Version.")),
        qPrintable(summary));
    QVERIFY(filledFrom(panel)->isVisible());
}

void TestPromptPanelDrop::anAtelierSidecarFillsTheForm()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    GenerationSidecar sidecar;
    sidecar.generationId = 12;
    sidecar.request.prompt = QStringLiteral("a quiet harbour");
    sidecar.request.customPrompt = QStringLiteral("film grain");
    sidecar.request.model = QStringLiteral("gpt-image-1");
    sidecar.request.quality = QStringLiteral("low");
    sidecar.request.aspectRatio = QStringLiteral("16:9");
    sidecar.request.parameters = {{QStringLiteral("seed"), 99}};
    sidecar.modelLabel = QStringLiteral("GPT Image 1");
    const QString path = write(QStringLiteral("12-a-quiet-harbour.png.json"), sidecar.toBytes());

    // Dropped on the panel outside the editor and the strips.
    QVERIFY(dropFile(&panel, path));
    QTRY_COMPARE(prompt(panel)->toPlainText(), QStringLiteral("a quiet harbour"));
    const GenerationRequest request = panel.request();
    QCOMPARE(request.customPrompt, QStringLiteral("film grain"));
    QCOMPARE(request.model, QStringLiteral("gpt-image-1"));
    QCOMPARE(request.quality, QStringLiteral("low"));
    QCOMPARE(request.aspectRatio, QStringLiteral("16:9"));
    QCOMPARE(request.parameters.value(QStringLiteral("seed")).toInt(), 99);
    QCOMPARE(request.profileId, fixture.profile.id());
    QVERIFY(filledFrom(panel)->text().contains(QStringLiteral("Atelier sidecar")));
}

void TestPromptPanelDrop::aPngWithoutParametersSaysSo()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    prompt(panel)->setPlainText(QStringLiteral("kept"));
    QVERIFY(dropFile(prompt(panel)->viewport(), write(QStringLiteral("plain.png"), png({}))));
    QTRY_VERIFY(filledFrom(panel)->isVisible());
    QCOMPARE(filledFrom(panel)->text(), QStringLiteral("plain.png carries no generation parameters."));
    QCOMPARE(prompt(panel)->toPlainText(), QStringLiteral("kept"));
}

void TestPromptPanelDrop::textDropsStillReachTheEditor()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    // A picture dropped on a reference strip stays a reference image.
    panel.useModel(QStringLiteral("gpt-image-1"));
    auto *strip = panel.findChild<ReferenceImageStrip *>(QStringLiteral("productImages"));
    const QString picture =
        write(QStringLiteral("product.png"), png(QStringLiteral("a\nSteps: 1, Seed: 2, Size: 3x4")));
    QVERIFY(dropFile(strip, picture));
    QCOMPARE(strip->paths(), QStringList{picture});
    QVERIFY(filledFrom(panel)->isHidden());
    // Plain text is the editor's own business.
    QMimeData text;
    text.setText(QStringLiteral("dropped words"));
    QVERIFY(drop(prompt(panel)->viewport(), &text));
    QVERIFY(prompt(panel)->toPlainText().contains(QStringLiteral("dropped words")));
}

void TestPromptPanelDrop::onlyTheLatestDropCounts()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    const auto sidecar = [this](qint64 id, const QString &prompt) {
        GenerationSidecar file;
        file.generationId = id;
        file.request.prompt = prompt;
        file.request.model = QStringLiteral("offline");
        return write(QStringLiteral("%1.png.json").arg(id), file.toBytes());
    };
    // The first is a large PNG that takes longest to read; whichever finishes last, the second drop wins.
    const QString slow =
        write(QStringLiteral("slow.png"), png(QStringLiteral("first\nSteps: 1, Seed: 2, Size: 16x24") +
                                              QStringLiteral(" ").repeated(200000)));
    QVERIFY(dropFile(&panel, slow));
    QVERIFY(dropFile(&panel, sidecar(2, QStringLiteral("second"))));
    QTRY_COMPARE(prompt(panel)->toPlainText(), QStringLiteral("second"));
    // Both reads are over and their results delivered: the earlier one changed nothing.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(prompt(panel)->toPlainText(), QStringLiteral("second"));
    QVERIFY(filledFrom(panel)->text().contains(QStringLiteral("generation 2")));
}

void TestPromptPanelDrop::editsMadeWhileReadingStay()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    panel.useModel(QStringLiteral("gpt-image-1"));
    const QString path =
        write(QStringLiteral("nomodel.png"), png(QStringLiteral("a kite\nSteps: 20, Seed: 8, Size: 24x16")));
    QVERIFY(dropFile(prompt(panel)->viewport(), path));
    // Made before the read's result can arrive (it comes through the event loop).
    panel.useModel(QStringLiteral("gpt-image-1-mini"));
    QTRY_COMPARE(prompt(panel)->toPlainText(), QStringLiteral("a kite"));
    QCOMPARE(panel.request().model, QStringLiteral("gpt-image-1-mini"));
}

void TestPromptPanelDrop::aKeptSeedIsShownAndGoesWithThePrompt()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    panel.useModel(QStringLiteral("gpt-image-1"));
    const QString path =
        write(QStringLiteral("seeded.png"), png(QStringLiteral("a kite\nSteps: 20, Seed: 8, Size: 24x16")));
    QVERIFY(dropFile(prompt(panel)->viewport(), path));
    QTRY_COMPARE(prompt(panel)->toPlainText(), QStringLiteral("a kite"));
    QCOMPARE(panel.request().parameters.value(QStringLiteral("seed")).toLongLong(), 8);
    QVERIFY(filledFrom(panel)->text().startsWith(QStringLiteral("Filled from")));
    // Another edit replaces the line; the seed it keeps is still said.
    auto *strip = panel.findChild<ReferenceImageStrip *>(QStringLiteral("productImages"));
    strip->setPaths({path});
    QVERIFY(filledFrom(panel)->isVisible());
    QVERIFY2(filledFrom(panel)->text().startsWith(QStringLiteral("Seed 8 is kept")),
             qPrintable(filledFrom(panel)->text()));
    QCOMPARE(panel.request().parameters.value(QStringLiteral("seed")).toLongLong(), 8);
    // A new prompt is a new request: the seed goes, and so does the line.
    prompt(panel)->setPlainText(QStringLiteral("a different kite"));
    QVERIFY(!panel.request().parameters.contains(QStringLiteral("seed")));
    QVERIFY(filledFrom(panel)->isHidden());
    // So does a new model.
    GenerationRequest reused = panel.request();
    reused.parameters.insert(QStringLiteral("seed"), 11);
    panel.setRequest(reused);
    QVERIFY(filledFrom(panel)->text().startsWith(QStringLiteral("Seed 11 is kept")));
    panel.useModel(QStringLiteral("gpt-image-1-mini"));
    QVERIFY(!panel.request().parameters.contains(QStringLiteral("seed")));
    QVERIFY(filledFrom(panel)->isHidden());
}

QTEST_MAIN(TestPromptPanelDrop)
#include "tst_promptpaneldrop.moc"
