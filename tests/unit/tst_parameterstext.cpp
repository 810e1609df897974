#include "domain/generationsidecar.h"
#include "domain/parameterstext.h"

#include <QTest>

using namespace atelier;

class TestParametersText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesTheLayoutThoseToolsRead();
    void roundTrips();
    void readsAWebUiText();
    void keepsAPromptWhoseLastLineLooksLikeAPair();
    void readsAPromptAlone();
    void refusesBrokenQuotingAsPairs();
};

void TestParametersText::writesTheLayoutThoseToolsRead()
{
    GenerationSidecar sidecar;
    sidecar.request.prompt = QStringLiteral("a red fox\nin the snow");
    sidecar.request.customPrompt = QStringLiteral("film grain");
    sidecar.request.model = QStringLiteral("gpt-image-1");
    sidecar.request.quality = QStringLiteral("high");
    sidecar.request.aspectRatio = QStringLiteral("3:2");
    sidecar.provider = QStringLiteral("openai");
    sidecar.size = QStringLiteral("1536x1024");
    sidecar.seed = 77;
    QCOMPARE(ParametersText::fromSidecar(sidecar).toText(),
             QStringLiteral("a red fox\nin the snow\n\nfilm grain\n"
                            "Seed: 77, Size: 1536x1024, Model: gpt-image-1, Quality: high, "
                            "Aspect ratio: \"3:2\", Provider: openai"));
}

void TestParametersText::roundTrips()
{
    ParametersText text;
    text.prompt = QStringLiteral("portrait, studio light\nsecond line");
    text.negativePrompt = QStringLiteral("blurry, lowres");
    text.fields = {{QStringLiteral("Steps"), QStringLiteral("30")},
                   {QStringLiteral("Seed"), QStringLiteral("4294967295")},
                   {QStringLiteral("Style"), QStringLiteral("a, b: \"c\"\nd")},
                   {QStringLiteral("Model"), QStringLiteral("naïve 日本")}};
    const QString written = text.toText();
    QVERIFY(written.contains(QStringLiteral("Style: \"a, b: \\\"c\\\"\\nd\"")));
    const ParametersText read = ParametersText::parse(written);
    QCOMPARE(read.prompt, text.prompt);
    QCOMPARE(read.negativePrompt, text.negativePrompt);
    QCOMPARE(read.fields, text.fields);
}

void TestParametersText::readsAWebUiText()
{
    // Written by hand in the layout the Stable Diffusion web UIs use, with keys Atelier does not know.
    const QString fixture = QStringLiteral(
        "masterpiece, a lighthouse on a cliff, (stormy sea:1.2),\n"
        "dramatic clouds\n"
        "Negative prompt: lowres, bad anatomy,\n"
        "watermark\n"
        "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 3141592653, Size: 832x1216, "
        "Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Denoising strength: 0.4, "
        "Lora hashes: \"detail: 0a1b2c3d, light: 4e5f6a7b\", Version: v1.10.1");
    const ParametersText read = ParametersText::parse(fixture);
    QCOMPARE(read.prompt,
             QStringLiteral("masterpiece, a lighthouse on a cliff, (stormy sea:1.2),\ndramatic clouds"));
    QCOMPARE(read.negativePrompt, QStringLiteral("lowres, bad anatomy,\nwatermark"));
    QCOMPARE(read.fields.size(), 10);
    QCOMPARE(read.value(QStringLiteral("Seed")), QStringLiteral("3141592653"));
    QCOMPARE(read.value(QStringLiteral("Size")), QStringLiteral("832x1216"));
    QCOMPARE(read.value(QStringLiteral("Sampler")), QStringLiteral("DPM++ 2M Karras"));
    QCOMPARE(read.value(QStringLiteral("Lora hashes")), QStringLiteral("detail: 0a1b2c3d, light: 4e5f6a7b"));
    QCOMPARE(read.value(QStringLiteral("Version")), QStringLiteral("v1.10.1"));
    QVERIFY(!read.has(QStringLiteral("Quality")));
}

void TestParametersText::keepsAPromptWhoseLastLineLooksLikeAPair()
{
    const ParametersText read = ParametersText::parse(QStringLiteral("a harbour at night\nstyle: noir"));
    QCOMPARE(read.prompt, QStringLiteral("a harbour at night\nstyle: noir"));
    QVERIFY(read.fields.isEmpty());
}

void TestParametersText::readsAPromptAlone()
{
    const ParametersText read = ParametersText::parse(QStringLiteral("just a prompt\r\n"));
    QCOMPARE(read.prompt, QStringLiteral("just a prompt"));
    QVERIFY(read.negativePrompt.isEmpty());
    QVERIFY(read.fields.isEmpty());
}

void TestParametersText::refusesBrokenQuotingAsPairs()
{
    const QString text = QStringLiteral("a cat\nSteps: 20, Seed: 1, Note: \"never closed");
    const ParametersText read = ParametersText::parse(text);
    QCOMPARE(read.prompt, text);
    QVERIFY(read.fields.isEmpty());
}

QTEST_GUILESS_MAIN(TestParametersText)
#include "tst_parameterstext.moc"
