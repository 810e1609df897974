#include "domain/generationsidecar.h"
#include "domain/parameterstext.h"

#include <QTest>

using namespace atelier;

using Fields = QList<std::pair<QString, QString>>;

class TestParametersText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesTheLayoutThoseToolsRead();
    void roundTrips_data();
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

void TestParametersText::roundTrips_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("negativePrompt");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("written"); // a part of the text as written

    const Fields plain{{QStringLiteral("Steps"), QStringLiteral("30")},
                       {QStringLiteral("Seed"), QStringLiteral("1")},
                       {QStringLiteral("Model"), QStringLiteral("offline")}};
    QTest::newRow("quoting") << QStringLiteral("portrait, studio light\nsecond line")
                             << QStringLiteral("blurry, lowres")
                             << Fields{{QStringLiteral("Steps"), QStringLiteral("30")},
                                       {QStringLiteral("Seed"), QStringLiteral("4294967295")},
                                       {QStringLiteral("Style"), QStringLiteral("a, b: \"c\"\nd")},
                                       {QStringLiteral("Model"), QStringLiteral("naïve 日本")}}
                             << QStringLiteral("Style: \"a, b: \\\"c\\\"\\nd\"");
    QTest::newRow("value starting with a quote")
        << QStringLiteral("a cat") << QString()
        << Fields{{QStringLiteral("Steps"), QStringLiteral("20")},
                  {QStringLiteral("Note"), QStringLiteral("\"quoted\" word")},
                  {QStringLiteral("Seed"), QStringLiteral("1")}}
        << QStringLiteral("Note: \"\\\"quoted\\\" word\"");
    QTest::newRow("value that is one quote") << QStringLiteral("a cat") << QString()
                                             << Fields{{QStringLiteral("Steps"), QStringLiteral("20")},
                                                       {QStringLiteral("Note"), QStringLiteral("\"")},
                                                       {QStringLiteral("Seed"), QStringLiteral("1")}}
                                             << QStringLiteral("Note: \"\\\"\"");
    QTest::newRow("value with spaces around") << QStringLiteral("a cat") << QString()
                                              << Fields{{QStringLiteral("Steps"), QStringLiteral("20")},
                                                        {QStringLiteral("Note"), QStringLiteral(" padded ")},
                                                        {QStringLiteral("Seed"), QStringLiteral("1")}}
                                              << QStringLiteral("Note: \" padded \"");
    const QString escape(QChar(0x200B));
    QTest::newRow("prompt starting with Negative prompt:")
        << QStringLiteral("Negative prompt: a sign that says so\nin neon") << QString() << plain
        << QStringLiteral("Negative") + escape + QStringLiteral(" prompt: a sign");
    QTest::newRow("prompt line with Negative prompt: and a negative prompt")
        << QStringLiteral("a wall\n  Negative prompt: painted on it") << QStringLiteral("blurry") << plain
        << QStringLiteral("a wall\n  Negative") + escape +
               QStringLiteral(" prompt: painted on it\nNegative prompt: blurry");
    QTest::newRow("prompt line already escaped")
        << QStringLiteral("Negative") + escape + QStringLiteral(" prompt: odd") << QString() << plain
        << QStringLiteral("Negative") + escape + escape + QStringLiteral(" prompt: odd");
}

void TestParametersText::roundTrips()
{
    QFETCH(QString, prompt);
    QFETCH(QString, negativePrompt);
    QFETCH(Fields, fields);
    QFETCH(QString, written);
    ParametersText text;
    text.prompt = prompt;
    text.negativePrompt = negativePrompt;
    text.fields = fields;
    const QString result = text.toText();
    QVERIFY2(result.contains(written), qPrintable(result));
    const ParametersText read = ParametersText::parse(result);
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
