#include "domain/modelcatalog.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

Q_DECLARE_METATYPE(atelier::GenerationRequest)

namespace atelier {

namespace {

const QStringList AllModels{QStringLiteral("offline"),          QStringLiteral("dall-e-2"),
                            QStringLiteral("dall-e-3"),         QStringLiteral("gpt-image-1"),
                            QStringLiteral("gpt-image-1-mini"), QStringLiteral("gpt-image-1.5"),
                            QStringLiteral("gpt-image-2")};
const QStringList GptOptions{
    QStringLiteral("background"), QStringLiteral("output_format"),  QStringLiteral("output_compression"),
    QStringLiteral("moderation"), QStringLiteral("input_fidelity"), QStringLiteral("partial_images"),
    QStringLiteral("mask")};
const QStringList GptFormats{QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                             QStringLiteral("webp")};
constexpr qint64 FiftyMegabytes = 50LL * 1024 * 1024;

using Edit = std::function<void(GenerationRequest &)>;

GenerationRequest make(const QString &model, const Edit &edit = {})
{
    GenerationRequest request;
    request.profileId = 1;
    request.prompt = QStringLiteral("A red bicycle leaning on a blue wall");
    request.model = model;
    if (edit)
        edit(request);
    return request;
}

QStringList split(const char *csv)
{
    return QString::fromLatin1(csv).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

void writeImage(const QString &path, QSize size, const char *format)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(QColor(200, 80, 40));
    QVERIFY2(image.save(path, format), qPrintable(path));
}

QByteArray encoded(QSize size, const char *format)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// The smallest catalog that parses; each fromJson row breaks one field of it.
QJsonObject minimalCatalog()
{
    QJsonObject aspects;
    for (const QString &ratio : ModelCatalog::aspectRatios())
        aspects.insert(ratio, QStringLiteral("1024x1024"));
    const QJsonObject model{
        {QStringLiteral("id"), QStringLiteral("m1")},
        {QStringLiteral("provider"), QStringLiteral("openai")},
        {QStringLiteral("label"), QStringLiteral("Model one")},
        {QStringLiteral("sizes"), QJsonArray{QStringLiteral("1024x1024")}},
        {QStringLiteral("aspectSizes"), aspects},
        {QStringLiteral("qualities"), QJsonArray{QStringLiteral("standard")}},
        {QStringLiteral("maxImages"), 1},
        {QStringLiteral("maxPromptLength"), 100},
        {QStringLiteral("referenceImages"),
         QJsonObject{{QStringLiteral("max"), 1},
                     {QStringLiteral("maxBytes"), 1000},
                     {QStringLiteral("formats"), QJsonArray{QStringLiteral("png")}}}},
        {QStringLiteral("options"), QJsonArray{QStringLiteral("output_format")}},
        {QStringLiteral("pricePerImage"),
         QJsonObject{{QStringLiteral("standard"), QJsonObject{{QStringLiteral("1024x1024"), 20}}}}},
    };
    const QJsonObject outputFormat{
        {QStringLiteral("values"), QJsonArray{QStringLiteral("png"), QStringLiteral("jpeg")}},
        {QStringLiteral("default"), QStringLiteral("png")},
    };
    return QJsonObject{
        {QStringLiteral("defaultModel"), QStringLiteral("m1")},
        {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("output_format"), outputFormat}}},
        {QStringLiteral("models"), QJsonArray{model}},
    };
}

// Sets (or with an undefined value removes) the field at a dotted path; a number walks into an array.
QJsonValue setAt(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    const QString key = path.takeFirst();
    bool isIndex = false;
    const int index = key.toInt(&isIndex);
    if (isIndex) {
        QJsonArray array = node.toArray();
        const QJsonValue child = path.isEmpty() ? value : setAt(array.at(index), path, value);
        if (index == array.size())
            array.append(child);
        else if (child.isUndefined())
            array.removeAt(index);
        else
            array[index] = child;
        return array;
    }
    QJsonObject object = node.toObject();
    const QJsonValue child = path.isEmpty() ? value : setAt(object.value(key), path, value);
    if (child.isUndefined())
        object.remove(key);
    else
        object.insert(key, child);
    return object;
}

} // namespace

class ModelCatalogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void builtInCatalog();
    void aspectSizes_data();
    void aspectSizes();
    void aspectSizesPassTheModelsOwnRules_data();
    void aspectSizesPassTheModelsOwnRules();
    void limits_data();
    void limits();
    void withDefaults_data();
    void withDefaults();
    void resolveSize();
    void acceptedRequests_data();
    void acceptedRequests();
    void refusedRequests_data();
    void refusedRequests();
    void arbitrarySizes_data();
    void arbitrarySizes();
    void referenceImageByteLimitIsExclusive();
    void masks_data();
    void masks();
    void listedPrices_data();
    void listedPrices();
    void estimateCost_data();
    void estimateCost();
    void costFromUsage_data();
    void costFromUsage();
    void reservation_data();
    void reservation();
    void malformedJson_data();
    void malformedJson();
    void brokenCatalog_data();
    void brokenCatalog();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }

    ModelCatalog m_catalog = ModelCatalog::builtIn();
    QTemporaryDir m_dir;
};

void ModelCatalogTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    writeImage(file(QStringLiteral("square.png")), {64, 64}, "PNG");
    writeImage(file(QStringLiteral("wide.png")), {96, 64}, "PNG");
    writeImage(file(QStringLiteral("photo.jpg")), {64, 64}, "JPEG");
    writeImage(file(QStringLiteral("photo.jpeg")), {48, 64}, "JPEG");
    writeImage(file(QStringLiteral("UPPER.PNG")), {32, 32}, "PNG");
    QVERIFY2(QImageWriter::supportedImageFormats().contains("webp"), "the Qt WebP plugin is missing");
    writeImage(file(QStringLiteral("picture.webp")), {64, 64}, "WEBP");
    writeBytes(file(QStringLiteral("animation.gif")), encoded({16, 16}, "PNG"));
    writeBytes(file(QStringLiteral("broken.png")), QByteArray("this is not an image at all"));
    writeBytes(file(QStringLiteral("jpeg-inside.png")), encoded({64, 64}, "JPEG"));
    // A valid square PNG, padded past dall-e-2's 4 MB: the size is refused before anything is decoded.
    writeBytes(file(QStringLiteral("big.png")), encoded({64, 64}, "PNG") + QByteArray(4 * 1024 * 1024, '\0'));
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("folder.png")));

    QImage mask(64, 64, QImage::Format_ARGB32);
    mask.fill(Qt::black);
    for (int y = 16; y < 48; ++y) {
        for (int x = 16; x < 48; ++x)
            mask.setPixel(x, y, 0); // the area to edit
    }
    QVERIFY(mask.save(file(QStringLiteral("mask.png")), "PNG"));
    QVERIFY(mask.scaled(32, 32).save(file(QStringLiteral("small-mask.png")), "PNG"));
    QVERIFY(mask.save(file(QStringLiteral("mask-as.webp")), "WEBP"));
    QBuffer padded;
    padded.open(QIODevice::WriteOnly);
    QVERIFY(mask.save(&padded, "PNG"));
    writeBytes(file(QStringLiteral("big-mask.png")), padded.data() + QByteArray(4 * 1024 * 1024, '\0'));
}

void ModelCatalogTest::builtInCatalog()
{
    QStringList ids;
    const QList<ModelSpec> models = m_catalog.models();
    for (const ModelSpec &spec : models)
        ids.append(spec.id);
    QCOMPARE(ids, AllModels);
    QCOMPARE(m_catalog.defaultModel(), QStringLiteral("offline"));
    const ModelSpec *offline = m_catalog.model(QStringLiteral("offline"));
    QVERIFY(offline);
    QVERIFY(offline->isOffline());
    QCOMPARE(offline->label, QStringLiteral("Offline preview (no AI)"));
    QVERIFY(!m_catalog.model(QStringLiteral("dall-e-3"))->isOffline());
    QVERIFY(!m_catalog.model(QStringLiteral("foo")));

    QFile resource(QStringLiteral(":/catalog/models.json"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    QString error;
    QVERIFY(ModelCatalog::fromJson(resource.readAll(), &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QCOMPARE(m_catalog.acceptedParameters(QStringLiteral("dall-e-3")), QStringList{QStringLiteral("seed")});
    QCOMPARE(m_catalog.acceptedParameters(QStringLiteral("gpt-image-1")),
             GptOptions + QStringList{QStringLiteral("seed")});
    const ParameterSpec *compression = m_catalog.parameter(QStringLiteral("output_compression"));
    QVERIFY(compression && compression->isWholeNumber());
    QCOMPARE(compression->minimum, qint64(0));
    QCOMPARE(compression->maximum, qint64(100));
    const ParameterSpec *background = m_catalog.parameter(QStringLiteral("background"));
    QVERIFY(background && !background->isWholeNumber());
    QCOMPARE(
        background->requirements.value(QStringLiteral("transparent")).value(QStringLiteral("output_format")),
        split("png,webp"));
}

void ModelCatalogTest::aspectSizes_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("aspect");
    QTest::addColumn<QString>("size");

    const QStringList ratios = ModelCatalog::aspectRatios();
    QCOMPARE(ratios, split("1:1,3:2,2:3,4:3,3:4,16:9,9:16,21:9"));
    const QStringList arbitrary =
        split("1024x1024,1536x1024,1024x1536,1536x1152,1152x1536,1536x864,864x1536,1536x656");
    const QStringList gpt =
        split("1024x1024,1536x1024,1024x1536,1536x1024,1024x1536,1536x1024,1024x1536,1536x1024");
    const QStringList dalle3 =
        split("1024x1024,1792x1024,1024x1792,1792x1024,1024x1792,1792x1024,1024x1792,1792x1024");
    const QHash<QString, QStringList> expected{
        {QStringLiteral("offline"), arbitrary},
        {QStringLiteral("dall-e-2"), QStringList(8, QStringLiteral("1024x1024"))},
        {QStringLiteral("dall-e-3"), dalle3},
        {QStringLiteral("gpt-image-1"), gpt},
        {QStringLiteral("gpt-image-1-mini"), gpt},
        {QStringLiteral("gpt-image-1.5"), gpt},
        {QStringLiteral("gpt-image-2"), arbitrary},
    };
    for (const QString &model : AllModels) {
        for (int i = 0; i < ratios.size(); ++i)
            QTest::addRow("%s %s", qPrintable(model), qPrintable(ratios.at(i)))
                << model << ratios.at(i) << expected.value(model).at(i);
    }
}

void ModelCatalogTest::aspectSizes()
{
    QFETCH(QString, model);
    QFETCH(QString, aspect);
    QFETCH(QString, size);
    const GenerationRequest request = make(model, [&](GenerationRequest &r) { r.aspectRatio = aspect; });
    QCOMPARE(m_catalog.resolveSize(request), size);
    QCOMPARE(m_catalog.model(model)->aspectSizes.value(aspect), size);
}

void ModelCatalogTest::aspectSizesPassTheModelsOwnRules_data()
{
    QTest::addColumn<QString>("model");
    for (const QString &model : AllModels)
        QTest::newRow(qPrintable(model)) << model;
}

void ModelCatalogTest::aspectSizesPassTheModelsOwnRules()
{
    QFETCH(QString, model);
    const ModelSpec *spec = m_catalog.model(model);
    QCOMPARE(spec->aspectSizes.keys().size(), ModelCatalog::aspectRatios().size());
    for (const QString &ratio : ModelCatalog::aspectRatios()) {
        const QString size = spec->aspectSizes.value(ratio);
        const auto byRatio =
            m_catalog.validate(make(model, [&](GenerationRequest &r) { r.aspectRatio = ratio; }));
        QVERIFY2(!byRatio, qPrintable(byRatio ? byRatio->message : QString()));
        const auto bySize = m_catalog.validate(make(model, [&](GenerationRequest &r) { r.size = size; }));
        QVERIFY2(!bySize, qPrintable(bySize ? bySize->message : QString()));
        QVERIFY(m_catalog.estimateCost(make(model, [&](GenerationRequest &r) { r.size = size; })) > 0);
    }
}

void ModelCatalogTest::limits_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("maxImages");
    QTest::addColumn<int>("maxPrompt");
    QTest::addColumn<QStringList>("qualities");
    QTest::addColumn<QStringList>("styles");
    QTest::addColumn<int>("maxReferences");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<QStringList>("formats");
    QTest::addColumn<bool>("square");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("streams");
    QTest::addColumn<bool>("usagePricing");

    const QStringList gptQualities = split("auto,low,medium,high");
    QTest::newRow("offline") << "offline" << 10 << 32000 << split("medium,low,high") << QStringList() << 16
                             << FiftyMegabytes << GptFormats << false << QStringList() << false << false;
    QTest::newRow("dall-e-2") << "dall-e-2" << 10 << 1000 << split("standard") << QStringList() << 1
                              << 4LL * 1024 * 1024 << split("png") << true << split("mask") << false << false;
    QTest::newRow("dall-e-3") << "dall-e-3" << 1 << 4000 << split("standard,hd,auto")
                              << split("vivid,natural") << 0 << 0LL << QStringList() << false << QStringList()
                              << false << false;
    QTest::newRow("gpt-image-1") << "gpt-image-1" << 10 << 32000 << gptQualities << QStringList() << 16
                                 << FiftyMegabytes << GptFormats << false << GptOptions << true << true;
    QStringList miniOptions = GptOptions;
    miniOptions.removeOne(QStringLiteral("input_fidelity"));
    QTest::newRow("gpt-image-1-mini")
        << "gpt-image-1-mini" << 10 << 32000 << gptQualities << QStringList() << 16 << FiftyMegabytes
        << GptFormats << false << miniOptions << true << true;
    QTest::newRow("gpt-image-1.5") << "gpt-image-1.5" << 10 << 32000 << gptQualities << QStringList() << 16
                                   << FiftyMegabytes << GptFormats << false << GptOptions << true << true;
    QTest::newRow("gpt-image-2") << "gpt-image-2" << 10 << 32000 << gptQualities << QStringList() << 16
                                 << FiftyMegabytes << GptFormats << false << GptOptions << true << true;
}

// The catalog holds the limits, and validate enforces them at the edge: the limit passes, one more is
// refused.
void ModelCatalogTest::limits()
{
    QFETCH(QString, model);
    QFETCH(int, maxImages);
    QFETCH(int, maxPrompt);
    QFETCH(QStringList, qualities);
    QFETCH(QStringList, styles);
    QFETCH(int, maxReferences);
    QFETCH(qint64, maxBytes);
    QFETCH(QStringList, formats);
    QFETCH(bool, square);
    QFETCH(QStringList, options);
    QFETCH(bool, streams);
    QFETCH(bool, usagePricing);

    const ModelSpec *spec = m_catalog.model(model);
    QVERIFY(spec);
    QCOMPARE(spec->maxImages, maxImages);
    QCOMPARE(spec->maxPromptLength, maxPrompt);
    QCOMPARE(spec->qualities, qualities);
    QCOMPARE(spec->styles, styles);
    QCOMPARE(spec->maxReferenceImages, maxReferences);
    if (maxReferences > 0) {
        QCOMPARE(spec->maxReferenceImageBytes, maxBytes);
        QCOMPARE(spec->referenceImageFormats, formats);
    }
    QCOMPARE(spec->referenceImagesMustBeSquare, square);
    QCOMPARE(spec->options, options);
    QCOMPARE(spec->streams, streams);
    QCOMPARE(spec->hasUsagePricing(), usagePricing);

    const auto accepted = [&](const Edit &edit) {
        const auto error = m_catalog.validate(make(model, edit));
        QVERIFY2(!error, qPrintable(error ? error->message : QString()));
    };
    const auto refused = [&](const Edit &edit, const QString &fragment) {
        const auto error = m_catalog.validate(make(model, edit));
        QVERIFY(error);
        QCOMPARE(error->category, GenerationError::Category::Validation);
        QVERIFY2(error->message.contains(fragment), qPrintable(error->message));
    };
    accepted([&](GenerationRequest &r) { r.imageCount = maxImages; });
    refused([&](GenerationRequest &r) { r.imageCount = maxImages + 1; },
            maxImages == 1 ? QStringLiteral("one image at a time (n = 1)") : QString::number(maxImages));
    accepted([&](GenerationRequest &r) { r.prompt = QString(maxPrompt, QLatin1Char('a')); });
    refused([&](GenerationRequest &r) { r.prompt = QString(maxPrompt + 1, QLatin1Char('a')); },
            QStringLiteral("at most %1").arg(maxPrompt));
    for (const QString &quality : qualities)
        accepted([&](GenerationRequest &r) { r.quality = quality; });
    refused([](GenerationRequest &r) { r.quality = QStringLiteral("ultra"); },
            qualities.join(QStringLiteral(", ")));
    for (const QString &style : styles)
        accepted([&](GenerationRequest &r) { r.style = style; });
    refused([](GenerationRequest &r) { r.style = QStringLiteral("baroque"); },
            styles.isEmpty() ? QStringLiteral("takes no style") : styles.join(QStringLiteral(", ")));
    const QString image = file(QStringLiteral("square.png"));
    accepted([&](GenerationRequest &r) { r.productImages = QStringList(maxReferences, image); });
    refused([&](GenerationRequest &r) { r.modelImages = QStringList(maxReferences + 1, image); },
            maxReferences == 0 ? QStringLiteral("takes no reference images")
                               : QStringLiteral("at most %1").arg(maxReferences));
}

void ModelCatalogTest::withDefaults_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("quality");
    QTest::addColumn<QString>("style");
    QTest::addColumn<QString>("expectedQuality");
    QTest::addColumn<QString>("expectedStyle");

    QTest::newRow("offline") << "offline"
                             << ""
                             << ""
                             << "medium"
                             << "";
    QTest::newRow("dall-e-2") << "dall-e-2"
                              << ""
                              << ""
                              << "standard"
                              << "";
    QTest::newRow("dall-e-3") << "dall-e-3"
                              << ""
                              << ""
                              << "standard"
                              << "vivid";
    QTest::newRow("dall-e-3 keeps given") << "dall-e-3"
                                          << "hd"
                                          << "natural"
                                          << "hd"
                                          << "natural";
    QTest::newRow("gpt-image-1") << "gpt-image-1"
                                 << ""
                                 << ""
                                 << "auto"
                                 << "";
    QTest::newRow("gpt-image-2 keeps given") << "gpt-image-2"
                                             << "low"
                                             << ""
                                             << "low"
                                             << "";
    QTest::newRow("unknown model unchanged") << "foo"
                                             << ""
                                             << ""
                                             << ""
                                             << "";
}

void ModelCatalogTest::withDefaults()
{
    QFETCH(QString, model);
    QFETCH(QString, quality);
    QFETCH(QString, style);
    QFETCH(QString, expectedQuality);
    QFETCH(QString, expectedStyle);
    const GenerationRequest request = make(model, [&](GenerationRequest &r) {
        r.quality = quality;
        r.style = style;
    });
    const GenerationRequest complete = m_catalog.withDefaults(request);
    QCOMPARE(complete.quality, expectedQuality);
    QCOMPARE(complete.style, expectedStyle);
    QCOMPARE(complete.prompt, request.prompt);
    if (m_catalog.model(model))
        QVERIFY(!m_catalog.validate(complete));
}

void ModelCatalogTest::resolveSize()
{
    QCOMPARE(m_catalog.resolveSize(make(QStringLiteral("gpt-image-2"),
                                        [](GenerationRequest &r) {
                                            r.aspectRatio = QStringLiteral("16:9");
                                            r.size = QStringLiteral("2048x1152");
                                        })),
             QStringLiteral("2048x1152"));
    QCOMPARE(m_catalog.resolveSize(make(QStringLiteral("gpt-image-1"),
                                        [](GenerationRequest &r) { r.size = QStringLiteral("auto"); })),
             QStringLiteral("auto"));
    QCOMPARE(m_catalog.resolveSize(make(QStringLiteral("foo"))), QString());
    QCOMPARE(m_catalog.resolveSize(make(QStringLiteral("gpt-image-1"),
                                        [](GenerationRequest &r) { r.aspectRatio = QStringLiteral("5:4"); })),
             QString());
}

void ModelCatalogTest::acceptedRequests_data()
{
    QTest::addColumn<GenerationRequest>("request");

    const QString square = file(QStringLiteral("square.png"));
    const QString wide = file(QStringLiteral("wide.png"));
    const auto parameters = [](const QVariantMap &map) {
        return [map](GenerationRequest &r) { r.parameters = map; };
    };
    for (const QString &model : AllModels) {
        QTest::addRow("%s plain", qPrintable(model)) << make(model);
        QTest::addRow("%s seed", qPrintable(model))
            << make(model, parameters({{QStringLiteral("seed"), 4294967295LL}}));
    }
    QTest::newRow("custom prompt only") << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) {
        r.prompt = QStringLiteral("  ");
        r.customPrompt = QStringLiteral("Studio lighting");
    });
    QTest::newRow("prompt limit counts the trimmed full prompt")
        << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) {
               r.prompt = QString(990, QLatin1Char('a')) + QStringLiteral("   ");
               r.customPrompt = QString(8, QLatin1Char('b')); // 990 + "\n\n" + 8 = 1000
           });
    QTest::newRow("dall-e-2 square png")
        << make(QStringLiteral("dall-e-2"), [&](GenerationRequest &r) { r.productImages = {square}; });
    QTest::newRow("dall-e-2 512x512")
        << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) { r.size = QStringLiteral("512x512"); });
    QTest::newRow("dall-e-3 auto quality") << make(QStringLiteral("dall-e-3"), [](GenerationRequest &r) {
        r.quality = QStringLiteral("auto");
        r.style = QStringLiteral("natural");
    });
    QTest::newRow("gpt-image-1 every type") << make(QStringLiteral("gpt-image-1"), [&](GenerationRequest &r) {
        r.productImages = {square, wide, file(QStringLiteral("photo.jpg"))};
        r.modelImages = {file(QStringLiteral("photo.jpeg")), file(QStringLiteral("picture.webp")),
                         file(QStringLiteral("UPPER.PNG"))};
    });
    QTest::newRow("gpt-image-1 takes a 4 MB file")
        << make(QStringLiteral("gpt-image-1"),
                [this](GenerationRequest &r) { r.productImages = {file(QStringLiteral("big.png"))}; });
    QTest::newRow("gpt-image-1 size auto")
        << make(QStringLiteral("gpt-image-1"), [](GenerationRequest &r) { r.size = QStringLiteral("auto"); });
    QTest::newRow("unknown aspect ignored with a size")
        << make(QStringLiteral("gpt-image-1"), [](GenerationRequest &r) {
               r.aspectRatio = QStringLiteral("5:4");
               r.size = QStringLiteral("1536x1024");
           });
    QTest::newRow("every gpt option")
        << make(QStringLiteral("gpt-image-1.5"),
                parameters({{QStringLiteral("background"), QStringLiteral("opaque")},
                            {QStringLiteral("output_format"), QStringLiteral("jpeg")},
                            {QStringLiteral("output_compression"), 0},
                            {QStringLiteral("moderation"), QStringLiteral("low")},
                            {QStringLiteral("input_fidelity"), QStringLiteral("high")},
                            {QStringLiteral("partial_images"), 3}}));
    QTest::newRow("compression 100 as text")
        << make(QStringLiteral("gpt-image-1"),
                parameters({{QStringLiteral("output_compression"), QStringLiteral("100")}}));
    QTest::newRow("transparent, format left to its png default")
        << make(QStringLiteral("gpt-image-2"),
                parameters({{QStringLiteral("background"), QStringLiteral("transparent")}}));
    QTest::newRow("transparent webp")
        << make(QStringLiteral("gpt-image-1-mini"),
                parameters({{QStringLiteral("background"), QStringLiteral("transparent")},
                            {QStringLiteral("output_format"), QStringLiteral("webp")}}));
}

void ModelCatalogTest::acceptedRequests()
{
    QFETCH(GenerationRequest, request);
    const auto error = m_catalog.validate(request);
    QVERIFY2(!error, qPrintable(error ? error->message : QString()));
}

void ModelCatalogTest::refusedRequests_data()
{
    QTest::addColumn<GenerationRequest>("request");
    QTest::addColumn<QStringList>("fragments");

    const QString square = file(QStringLiteral("square.png"));
    const auto images = [](const QStringList &paths) {
        return [paths](GenerationRequest &r) { r.productImages = paths; };
    };
    const auto parameters = [](const QVariantMap &map) {
        return [map](GenerationRequest &r) { r.parameters = map; };
    };
    const QString gpt1 = QStringLiteral("gpt-image-1");

    // prompt
    QTest::newRow("empty prompt") << make(gpt1, [](GenerationRequest &r) { r.prompt.clear(); })
                                  << QStringList{QStringLiteral("prompt is empty")};
    QTest::newRow("blank prompt") << make(gpt1, [](GenerationRequest &r) {
        r.prompt = QStringLiteral(" \n\t ");
    }) << QStringList{QStringLiteral("prompt is empty")};
    QTest::newRow("dall-e-2 prompt") << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) {
        r.prompt = QString(1204, QLatin1Char('x'));
    }) << QStringList{QStringLiteral("The prompt is 1204 characters; dall-e-2 takes at most 1000.")};
    QTest::newRow("custom prompt counts") << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) {
        r.prompt = QString(990, QLatin1Char('x'));
        r.customPrompt = QString(20, QLatin1Char('y'));
    }) << QStringList{QStringLiteral("1012 characters"), QStringLiteral("at most 1000")};
    QTest::newRow("dall-e-3 prompt") << make(QStringLiteral("dall-e-3"), [](GenerationRequest &r) {
        r.prompt = QString(4001, QLatin1Char('x'));
    }) << QStringList{QStringLiteral("4001 characters"), QStringLiteral("at most 4000")};
    // model
    QTest::newRow("unknown model") << make(QStringLiteral("foo"))
                                   << QStringList{QStringLiteral(
                                          "Unknown model \"foo\". Choose one of: offline, dall-e-2, "
                                          "dall-e-3, gpt-image-1, gpt-image-1-mini, gpt-image-1.5, "
                                          "gpt-image-2.")};
    QTest::newRow("no model") << make(QString()) << QStringList{QStringLiteral("Unknown model \"\"")};
    // aspect ratio and size
    QTest::newRow("unknown aspect")
        << make(gpt1, [](GenerationRequest &r) { r.aspectRatio = QStringLiteral("5:4"); })
        << QStringList{QStringLiteral("Unknown aspect ratio \"5:4\". Choose one of: 1:1, 3:2, "
                                      "2:3, 4:3, 3:4, 16:9, 9:16, 21:9.")};
    QTest::newRow("dall-e-3 unlisted size")
        << make(QStringLiteral("dall-e-3"),
                [](GenerationRequest &r) { r.size = QStringLiteral("1024x1536"); })
        << QStringList{QStringLiteral("Size 1024x1536 is not possible with dall-e-3"),
                       QStringLiteral("1024x1024, 1792x1024, 1024x1792")};
    QTest::newRow("dall-e-2 auto size")
        << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) { r.size = QStringLiteral("auto"); })
        << QStringList{QStringLiteral("Size auto is not possible with dall-e-2"),
                       QStringLiteral("256x256, 512x512, 1024x1024")};
    QTest::newRow("gpt-image-1 takes no arbitrary size")
        << make(gpt1, [](GenerationRequest &r) { r.size = QStringLiteral("1536x864"); })
        << QStringList{QStringLiteral("Size 1536x864 is not possible with gpt-image-1"),
                       QStringLiteral("1024x1536, auto")};
    QTest::newRow("gpt-image-2 not multiple of 16")
        << make(QStringLiteral("gpt-image-2"),
                [](GenerationRequest &r) { r.size = QStringLiteral("1000x1000"); })
        << QStringList{QStringLiteral(
               "Size 1000x1000 is not possible with gpt-image-2: both sides must be multiples of 16.")};
    // quality and style
    QTest::newRow("hd for gpt-image-1")
        << make(gpt1, [](GenerationRequest &r) { r.quality = QStringLiteral("hd"); })
        << QStringList{QStringLiteral("Quality \"hd\""), QStringLiteral("auto, low, medium, high")};
    QTest::newRow("auto for dall-e-2")
        << make(QStringLiteral("dall-e-2"), [](GenerationRequest &r) { r.quality = QStringLiteral("auto"); })
        << QStringList{QStringLiteral("Quality \"auto\""), QStringLiteral("Choose one of: standard.")};
    QTest::newRow("style without styles")
        << make(gpt1, [](GenerationRequest &r) { r.style = QStringLiteral("vivid"); })
        << QStringList{QStringLiteral("gpt-image-1 takes no style")};
    QTest::newRow("unknown style") << make(QStringLiteral("dall-e-3"), [](GenerationRequest &r) {
        r.style = QStringLiteral("bold");
    }) << QStringList{QStringLiteral("Style \"bold\""), QStringLiteral("vivid, natural")};
    // n
    QTest::newRow("n = 0") << make(gpt1, [](GenerationRequest &r) { r.imageCount = 0; })
                           << QStringList{QStringLiteral("is 0"), QStringLiteral("1 to 10")};
    QTest::newRow("n = 11") << make(gpt1, [](GenerationRequest &r) { r.imageCount = 11; })
                            << QStringList{QStringLiteral("is 11"), QStringLiteral("1 to 10")};
    QTest::newRow("dall-e-3 n = 2") << make(QStringLiteral("dall-e-3"), [](GenerationRequest &r) {
        r.imageCount = 2;
    }) << QStringList{QStringLiteral("dall-e-3 makes one image at a time (n = 1).")};
    // reference images
    QTest::newRow("dall-e-3 no references")
        << make(QStringLiteral("dall-e-3"), images({square}))
        << QStringList{QStringLiteral("dall-e-3 takes no reference images.")};
    QTest::newRow("dall-e-2 two references") << make(QStringLiteral("dall-e-2"), [&](GenerationRequest &r) {
        r.productImages = {square};
        r.modelImages = {square};
    }) << QStringList{QStringLiteral("There are 2 reference images; dall-e-2 takes at most 1.")};
    QTest::newRow("17 references") << make(gpt1, images(QStringList(17, square)))
                                   << QStringList{QStringLiteral("at most 16")};
    QTest::newRow("missing file") << make(gpt1, images({file(QStringLiteral("missing.png"))}))
                                  << QStringList{QStringLiteral("missing.png\" does not exist")};
    QTest::newRow("folder") << make(gpt1, images({file(QStringLiteral("folder.png"))}))
                            << QStringList{QStringLiteral("folder.png\" is not a file")};
    QTest::newRow("gif") << make(gpt1, images({file(QStringLiteral("animation.gif"))}))
                         << QStringList{QStringLiteral("animation.gif"),
                                        QStringLiteral("png, jpg, jpeg, webp")};
    QTest::newRow("dall-e-2 jpg") << make(QStringLiteral("dall-e-2"),
                                          images({file(QStringLiteral("photo.jpg"))}))
                                  << QStringList{QStringLiteral("photo.jpg"),
                                                 QStringLiteral("dall-e-2 takes: png")};
    QTest::newRow("dall-e-2 too big")
        << make(QStringLiteral("dall-e-2"), images({file(QStringLiteral("big.png"))}))
        << QStringList{QStringLiteral("big.png"), QStringLiteral("smaller than 4 MB (4194304 bytes)")};
    QTest::newRow("not decodable") << make(gpt1, images({file(QStringLiteral("broken.png"))}))
                                   << QStringList{QStringLiteral("broken.png\" cannot be read as an image")};
    QTest::newRow("dall-e-2 jpeg bytes named png")
        << make(QStringLiteral("dall-e-2"), images({file(QStringLiteral("jpeg-inside.png"))}))
        << QStringList{QStringLiteral("holds jpeg data"), QStringLiteral("dall-e-2 takes: png")};
    QTest::newRow("dall-e-2 not square")
        << make(QStringLiteral("dall-e-2"), images({file(QStringLiteral("wide.png"))}))
        << QStringList{QStringLiteral("is 96x64 pixels"), QStringLiteral("square images only")};
    QTest::newRow("bad second image") << make(gpt1, images({square, file(QStringLiteral("broken.png"))}))
                                      << QStringList{QStringLiteral("broken.png")};
    // parameters
    QTest::newRow("unknown parameter")
        << make(gpt1, parameters({{QStringLiteral("sparkle"), true}}))
        << QStringList{QStringLiteral("Unknown parameter \"sparkle\" for gpt-image-1"),
                       QStringLiteral("background, output_format")};
    QTest::newRow("unknown parameters")
        << make(gpt1, parameters({{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}}))
        << QStringList{QStringLiteral("Unknown parameters \"a\", \"b\"")};
    QTest::newRow("dall-e-3 background")
        << make(QStringLiteral("dall-e-3"),
                parameters({{QStringLiteral("background"), QStringLiteral("opaque")}}))
        << QStringList{QStringLiteral("\"background\""), QStringLiteral("It takes: seed.")};
    QTest::newRow("mini input_fidelity")
        << make(QStringLiteral("gpt-image-1-mini"),
                parameters({{QStringLiteral("input_fidelity"), QStringLiteral("high")}}))
        << QStringList{QStringLiteral("\"input_fidelity\" for gpt-image-1-mini")};
    QTest::newRow("compression 101")
        << make(gpt1, parameters({{QStringLiteral("output_compression"), 101}}))
        << QStringList{QStringLiteral("output_compression must be a whole number from 0 to 100"),
                       QStringLiteral("\"101\"")};
    QTest::newRow("compression -1") << make(gpt1, parameters({{QStringLiteral("output_compression"), -1}}))
                                    << QStringList{QStringLiteral("from 0 to 100")};
    QTest::newRow("compression 50.5")
        << make(gpt1, parameters({{QStringLiteral("output_compression"), 50.5}}))
        << QStringList{QStringLiteral("whole number")};
    QTest::newRow("compression text")
        << make(gpt1, parameters({{QStringLiteral("output_compression"), QStringLiteral("high")}}))
        << QStringList{QStringLiteral("whole number")};
    QTest::newRow("partial_images -1")
        << make(gpt1, parameters({{QStringLiteral("partial_images"), -1}}))
        << QStringList{QStringLiteral("partial_images"), QStringLiteral("from 0 to 3")};
    QTest::newRow("partial_images 4")
        << make(gpt1, parameters({{QStringLiteral("partial_images"), 4}}))
        << QStringList{QStringLiteral("partial_images"), QStringLiteral("from 0 to 3")};
    QTest::newRow("seed -1") << make(QStringLiteral("offline"), parameters({{QStringLiteral("seed"), -1}}))
                             << QStringList{QStringLiteral("seed"), QStringLiteral("from 0 to 4294967295")};
    QTest::newRow("background sideways")
        << make(gpt1, parameters({{QStringLiteral("background"), QStringLiteral("sideways")}}))
        << QStringList{QStringLiteral("background cannot be \"sideways\""),
                       QStringLiteral("auto, transparent, opaque")};
    QTest::newRow("output_format gif")
        << make(gpt1, parameters({{QStringLiteral("output_format"), QStringLiteral("gif")}}))
        << QStringList{QStringLiteral("png, jpeg, webp")};
    QTest::newRow("moderation high") << make(gpt1, parameters({{QStringLiteral("moderation"),
                                                                QStringLiteral("high")}}))
                                     << QStringList{QStringLiteral("auto, low")};
    QTest::newRow("transparent jpeg")
        << make(gpt1, parameters({{QStringLiteral("background"), QStringLiteral("transparent")},
                                  {QStringLiteral("output_format"), QStringLiteral("jpeg")}}))
        << QStringList{QStringLiteral("background \"transparent\" needs output_format"),
                       QStringLiteral("png, webp"), QStringLiteral("\"jpeg\"")};
    // order
    QTest::newRow("first broken rule wins") << make(QStringLiteral("dall-e-3"), [](GenerationRequest &r) {
        r.quality = QStringLiteral("ultra");
        r.imageCount = 5;
    }) << QStringList{QStringLiteral("Quality \"ultra\"")};
}

void ModelCatalogTest::refusedRequests()
{
    QFETCH(GenerationRequest, request);
    QFETCH(QStringList, fragments);
    const auto error = m_catalog.validate(request);
    QVERIFY(error);
    QCOMPARE(error->category, GenerationError::Category::Validation);
    QVERIFY(!error->retryable);
    for (const QString &fragment : fragments)
        QVERIFY2(error->message.contains(fragment),
                 qPrintable(error->message + QStringLiteral(" <- ") + fragment));
}

void ModelCatalogTest::arbitrarySizes_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("problem"); // empty: accepted

    for (const QString &model : {QStringLiteral("gpt-image-2"), QStringLiteral("offline")}) {
        const auto row = [&model](const char *size, const char *problem) {
            QTest::addRow("%s %s", qPrintable(model), size)
                << model << QString::fromLatin1(size) << QString::fromLatin1(problem);
        };
        row("1024x1024", "");
        row("auto", "");
        row("1536x864", "");
        row("16x16", "");
        row("3840x2160", "");
        row("2160x3840", "");
        row("2560x1440", "");
        row("3072x1024", ""); // exactly 3:1
        row("1024x3072", ""); // exactly 1:3
        row("1040x1008", "");
        row("1000x1024", "multiples of 16");
        row("1024x1000", "multiples of 16");
        row("1032x1024", "multiples of 16");
        row("3856x2160", "the width can be at most 3840 pixels");
        row("2160x3856", "the height can be at most 3840 pixels");
        row("3088x1024", "between 1:3 and 3:1");
        row("1024x3088", "between 1:3 and 3:1");
        row("3840x2176", "it has 8355840 pixels and at most 8294400 are possible");
        row("2176x3840", "at most 8294400");
        row("3840x3840", "it has 14745600 pixels");
        row("0x1024", "WIDTHxHEIGHT");
        row("1024X1024", "WIDTHxHEIGHT");
        row("-16x16", "WIDTHxHEIGHT");
        row("big", "WIDTHxHEIGHT");
        row("01024x1024", "WIDTHxHEIGHT");
        row("+1024x1024", "WIDTHxHEIGHT");
        row("1024x1024x16", "WIDTHxHEIGHT");
        row("1024x", "WIDTHxHEIGHT");
    }
}

void ModelCatalogTest::arbitrarySizes()
{
    QFETCH(QString, model);
    QFETCH(QString, size);
    QFETCH(QString, problem);
    const auto error = m_catalog.validate(make(model, [&](GenerationRequest &r) { r.size = size; }));
    if (problem.isEmpty()) {
        QVERIFY2(!error, qPrintable(error ? error->message : QString()));
        return;
    }
    QVERIFY(error);
    QVERIFY2(error->message.startsWith(QStringLiteral("Size %1 is not possible with %2").arg(size, model)),
             qPrintable(error->message));
    QVERIFY2(error->message.contains(problem), qPrintable(error->message));
}

void ModelCatalogTest::referenceImageByteLimitIsExclusive()
{
    QString error;
    const auto catalog = ModelCatalog::fromJson(QJsonDocument(minimalCatalog()).toJson(), &error);
    QVERIFY2(catalog, qPrintable(error));
    const QByteArray png = encoded({8, 8}, "PNG");
    QVERIFY(png.size() < 999);
    const QString under = file(QStringLiteral("under.png"));
    const QString at = file(QStringLiteral("at.png"));
    writeBytes(under, png + QByteArray(999 - png.size(), '\0'));
    writeBytes(at, png + QByteArray(1000 - png.size(), '\0'));
    const auto request = [](const QString &path) {
        return make(QStringLiteral("m1"), [&path](GenerationRequest &r) { r.productImages = {path}; });
    };
    const auto accepted = catalog->validate(request(under));
    QVERIFY2(!accepted, qPrintable(accepted ? accepted->message : QString()));
    const auto refused = catalog->validate(request(at));
    QVERIFY(refused);
    QVERIFY2(refused->message.contains(QStringLiteral("is 1000 bytes; m1 takes files smaller than")),
             qPrintable(refused->message));
}

void ModelCatalogTest::masks_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("references");
    QTest::addColumn<QVariant>("mask");
    QTest::addColumn<QString>("problem"); // empty: accepted

    const QStringList square{file(QStringLiteral("square.png"))};
    const QVariant mask(file(QStringLiteral("mask.png")));
    QTest::newRow("gpt-image-1") << "gpt-image-1" << square << mask << QString();
    QTest::newRow("dall-e-2") << "dall-e-2" << square << mask << QString();
    QTest::newRow("applies to the first of several")
        << "gpt-image-1.5" << (square + QStringList{file(QStringLiteral("wide.png"))}) << mask << QString();
    QTest::newRow("dall-e-3 takes none")
        << "dall-e-3" << QStringList() << mask << "Unknown parameter \"mask\"";
    QTest::newRow("nothing to edit") << "gpt-image-1" << QStringList() << mask
                                     << "applies to a reference image; add the image to edit";
    QTest::newRow("missing") << "gpt-image-1" << square << QVariant(file(QStringLiteral("nowhere.png")))
                             << "does not exist or is not a file";
    QTest::newRow("a folder") << "gpt-image-1" << square << QVariant(file(QStringLiteral("folder.png")))
                              << "does not exist or is not a file";
    QTest::newRow("not a path") << "gpt-image-1" << square << QVariant(7)
                                << "takes the path of an image file";
    QTest::newRow("webp data") << "gpt-image-1" << square << QVariant(file(QStringLiteral("mask-as.webp")))
                               << "holds webp data; it must be: png";
    QTest::newRow("jpeg behind a png name")
        << "gpt-image-1" << square << QVariant(file(QStringLiteral("jpeg-inside.png")))
        << "holds jpeg data; it must be: png";
    QTest::newRow("not an image") << "gpt-image-1" << square << QVariant(file(QStringLiteral("broken.png")))
                                  << "cannot be read as an image";
    QTest::newRow("no transparency") << "gpt-image-1" << square
                                     << QVariant(file(QStringLiteral("square.png"))) << "has no transparency";
    QTest::newRow("other size")
        << "gpt-image-1" << square << QVariant(file(QStringLiteral("small-mask.png")))
        << "is 32x32 pixels; it must be the size of the first reference image (64x64)";
    QTest::newRow("4 MB or more") << "gpt-image-1" << square << QVariant(file(QStringLiteral("big-mask.png")))
                                  << "it must be smaller than 4194304 bytes";
}

// The edit mask is checked on submit as the server would check it, so that a bad one never costs a request.
void ModelCatalogTest::masks()
{
    QFETCH(QString, model);
    QFETCH(QStringList, references);
    QFETCH(QVariant, mask);
    QFETCH(QString, problem);

    const auto error = m_catalog.validate(make(model, [&](GenerationRequest &r) {
        r.productImages = references;
        r.parameters.insert(QStringLiteral("mask"), mask);
    }));
    if (problem.isEmpty()) {
        QVERIFY2(!error, qPrintable(error ? error->message : QString()));
        return;
    }
    QVERIFY(error);
    QCOMPARE(error->category, GenerationError::Category::Validation);
    QVERIFY2(error->message.contains(problem), qPrintable(error->message));
}

void ModelCatalogTest::listedPrices_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("quality");
    QTest::addColumn<QList<qint64>>("prices"); // in the order of the model's sizes, "auto" left out

    const auto row = [](const char *model, const char *quality, const QList<qint64> &prices) {
        QTest::addRow("%s %s", model, quality)
            << QString::fromLatin1(model) << QString::fromLatin1(quality) << prices;
    };
    for (const char *quality : {"low", "medium", "high"})
        row("offline", quality, {1, 1, 1});
    row("dall-e-2", "standard", {16, 18, 20});
    row("dall-e-3", "standard", {40, 80, 80});
    row("dall-e-3", "hd", {80, 120, 120});
    row("dall-e-3", "auto", {80, 120, 120});
    const QList<QList<qint64>> gpt1{{11, 16, 16}, {42, 63, 63}, {167, 250, 250}};
    const QList<QList<qint64>> mini{{5, 6, 6}, {11, 15, 15}, {36, 52, 52}};
    const QList<QList<qint64>> gpt15{{9, 13, 13}, {34, 50, 50}, {133, 200, 200}};
    const QList<std::pair<const char *, QList<QList<qint64>>>> gpt{
        {"gpt-image-1", gpt1}, {"gpt-image-1-mini", mini}, {"gpt-image-1.5", gpt15}, {"gpt-image-2", gpt15}};
    for (const auto &[model, prices] : gpt) {
        row(model, "low", prices.at(0));
        row(model, "medium", prices.at(1));
        row(model, "high", prices.at(2));
        row(model, "auto", prices.at(2));
    }
}

// Every listed size at every quality costs what the price list says; "auto" costs the most expensive size.
void ModelCatalogTest::listedPrices()
{
    QFETCH(QString, model);
    QFETCH(QString, quality);
    QFETCH(QList<qint64>, prices);
    QStringList sizes = m_catalog.model(model)->sizes;
    const bool takesAuto = sizes.removeAll(QStringLiteral("auto")) > 0;
    QCOMPARE(sizes.size(), prices.size());
    const auto cost = [&](const QString &size) {
        return m_catalog.estimateCost(make(model, [&](GenerationRequest &r) {
            r.quality = quality;
            r.size = size;
        }));
    };
    for (int i = 0; i < sizes.size(); ++i)
        QCOMPARE(cost(sizes.at(i)), prices.at(i));
    if (takesAuto)
        QCOMPARE(cost(QStringLiteral("auto")), *std::max_element(prices.cbegin(), prices.cend()));
}

void ModelCatalogTest::estimateCost_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("quality");
    QTest::addColumn<QString>("aspect");
    QTest::addColumn<QString>("size");
    QTest::addColumn<int>("n");
    QTest::addColumn<qint64>("cost");

    QTest::newRow("offline") << "offline"
                             << ""
                             << "1:1"
                             << "" << 1 << 1LL;
    QTest::newRow("offline high 4K x4") << "offline"
                                        << "high"
                                        << ""
                                        << "3840x2160" << 4 << 4LL;
    QTest::newRow("offline 21:9") << "offline"
                                  << "low"
                                  << "21:9"
                                  << "" << 1 << 1LL;
    QTest::newRow("dall-e-2 256") << "dall-e-2"
                                  << "standard"
                                  << ""
                                  << "256x256" << 1 << 16LL;
    QTest::newRow("dall-e-2 512") << "dall-e-2"
                                  << "standard"
                                  << ""
                                  << "512x512" << 1 << 18LL;
    QTest::newRow("dall-e-2 1024 x3") << "dall-e-2"
                                      << ""
                                      << "16:9"
                                      << "" << 3 << 60LL;
    QTest::newRow("dall-e-3 standard square") << "dall-e-3"
                                              << "standard"
                                              << "1:1"
                                              << "" << 1 << 40LL;
    QTest::newRow("dall-e-3 standard wide") << "dall-e-3"
                                            << "standard"
                                            << "16:9"
                                            << "" << 1 << 80LL;
    QTest::newRow("dall-e-3 hd square") << "dall-e-3"
                                        << "hd"
                                        << "1:1"
                                        << "" << 1 << 80LL;
    QTest::newRow("dall-e-3 hd tall") << "dall-e-3"
                                      << "hd"
                                      << "9:16"
                                      << "" << 1 << 120LL;
    QTest::newRow("dall-e-3 auto as hd") << "dall-e-3"
                                         << "auto"
                                         << "1:1"
                                         << "" << 1 << 80LL;
    QTest::newRow("dall-e-3 auto wide as hd") << "dall-e-3"
                                              << "auto"
                                              << ""
                                              << "1792x1024" << 1 << 120LL;
    QTest::newRow("gpt-image-1 low") << "gpt-image-1"
                                     << "low"
                                     << "1:1"
                                     << "" << 1 << 11LL;
    QTest::newRow("gpt-image-1 medium 3:2") << "gpt-image-1"
                                            << "medium"
                                            << "3:2"
                                            << "" << 1 << 63LL;
    QTest::newRow("gpt-image-1 high 2:3") << "gpt-image-1"
                                          << "high"
                                          << "2:3"
                                          << "" << 1 << 250LL;
    QTest::newRow("gpt-image-1 auto as high") << "gpt-image-1"
                                              << "auto"
                                              << "1:1"
                                              << "" << 1 << 167LL;
    QTest::newRow("gpt-image-1 default quality") << "gpt-image-1"
                                                 << ""
                                                 << "1:1"
                                                 << "" << 1 << 167LL;
    QTest::newRow("gpt-image-1 auto size") << "gpt-image-1"
                                           << "medium"
                                           << ""
                                           << "auto" << 1 << 63LL;
    QTest::newRow("gpt-image-1 auto auto x2") << "gpt-image-1"
                                              << "auto"
                                              << ""
                                              << "auto" << 2 << 500LL;
    QTest::newRow("gpt-image-1 x10") << "gpt-image-1"
                                     << "low"
                                     << "1:1"
                                     << "" << 10 << 110LL;
    QTest::newRow("mini low") << "gpt-image-1-mini"
                              << "low"
                              << "1:1"
                              << "" << 1 << 5LL;
    QTest::newRow("mini high wide") << "gpt-image-1-mini"
                                    << "high"
                                    << ""
                                    << "1536x1024" << 1 << 52LL;
    QTest::newRow("mini medium tall") << "gpt-image-1-mini"
                                      << "medium"
                                      << "9:16"
                                      << "" << 1 << 15LL;
    QTest::newRow("1.5 medium") << "gpt-image-1.5"
                                << "medium"
                                << "1:1"
                                << "" << 1 << 34LL;
    QTest::newRow("1.5 low wide") << "gpt-image-1.5"
                                  << "low"
                                  << "21:9"
                                  << "" << 1 << 13LL;
    QTest::newRow("2 high listed") << "gpt-image-2"
                                   << "high"
                                   << "1:1"
                                   << "" << 1 << 133LL;
    QTest::newRow("2 high listed wide") << "gpt-image-2"
                                        << "high"
                                        << "3:2"
                                        << "" << 1 << 200LL;
    QTest::newRow("2 high 16:9 per MP") << "gpt-image-2"
                                        << "high"
                                        << "16:9"
                                        << "" << 1 << 169LL;
    QTest::newRow("2 medium 4:3 per MP") << "gpt-image-2"
                                         << "medium"
                                         << "4:3"
                                         << "" << 1 << 58LL;
    QTest::newRow("2 low 4K per MP") << "gpt-image-2"
                                     << "low"
                                     << ""
                                     << "3840x2160" << 1 << 72LL;
    QTest::newRow("2 auto 4K as high") << "gpt-image-2"
                                       << "auto"
                                       << ""
                                       << "3840x2160" << 1 << 1053LL;
    QTest::newRow("2 auto 21:9 x3") << "gpt-image-2"
                                    << "auto"
                                    << "21:9"
                                    << "" << 3 << 384LL;
    QTest::newRow("2 auto size") << "gpt-image-2"
                                 << "high"
                                 << ""
                                 << "auto" << 1 << 200LL;
    QTest::newRow("unknown model") << "foo"
                                   << "high"
                                   << "1:1"
                                   << "" << 1 << 0LL;
}

void ModelCatalogTest::estimateCost()
{
    QFETCH(QString, model);
    QFETCH(QString, quality);
    QFETCH(QString, aspect);
    QFETCH(QString, size);
    QFETCH(int, n);
    QFETCH(qint64, cost);
    const GenerationRequest request = make(model, [&](GenerationRequest &r) {
        r.quality = quality;
        r.aspectRatio = aspect;
        r.size = size;
        r.imageCount = n;
    });
    QCOMPARE(m_catalog.estimateCost(request), cost);
    QCOMPARE(m_catalog.estimateCost(m_catalog.withDefaults(request)), cost);
}

void ModelCatalogTest::costFromUsage_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("text");
    QTest::addColumn<qint64>("imageIn");
    QTest::addColumn<qint64>("imageOut");
    QTest::addColumn<qint64>("cost");

    // (100 * 5000 + 4160 * 40000) / 1e6 = 166.9 -> 167
    QTest::newRow("gpt-image-1") << "gpt-image-1" << 100LL << 0LL << 4160LL << 167LL;
    QTest::newRow("gpt-image-1 exact") << "gpt-image-1" << 200LL << 0LL << 0LL << 1LL;
    QTest::newRow("gpt-image-1 a token rounds up") << "gpt-image-1" << 1LL << 0LL << 0LL << 1LL;
    // (50 * 2000 + 1000 * 2500 + 1056 * 8000) / 1e6 = 11.048 -> 12
    QTest::newRow("mini with images") << "gpt-image-1-mini" << 50LL << 1000LL << 1056LL << 12LL;
    // (20 * 5000 + 0 + 6240 * 32000) / 1e6 = 199.78 -> 200
    QTest::newRow("1.5") << "gpt-image-1.5" << 20LL << 0LL << 6240LL << 200LL;
    // (1000 * 5000 + 2000 * 8000 + 10000 * 32000) / 1e6 = 341
    QTest::newRow("2") << "gpt-image-2" << 1000LL << 2000LL << 10000LL << 341LL;
    QTest::newRow("not reported: the estimate") << "gpt-image-1" << 0LL << 0LL << 0LL << 167LL;
    QTest::newRow("no usage pricing: the estimate") << "dall-e-3" << 100LL << 0LL << 5000LL << 40LL;
    QTest::newRow("offline") << "offline" << 10LL << 10LL << 10LL << 1LL;
    QTest::newRow("unknown model") << "foo" << 10LL << 10LL << 10LL << 0LL;
}

void ModelCatalogTest::costFromUsage()
{
    QFETCH(QString, model);
    QFETCH(qint64, text);
    QFETCH(qint64, imageIn);
    QFETCH(qint64, imageOut);
    QFETCH(qint64, cost);
    const GenerationRequest request = m_catalog.withDefaults(make(model));
    QCOMPARE(m_catalog.costFromUsage(request, ImageUsage{text, imageIn, imageOut}), cost);
}

void ModelCatalogTest::reservation_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("references");
    QTest::addColumn<QVariantMap>("parameters");
    QTest::addColumn<qint64>("reserved");

    const QVariantMap none;
    QTest::newRow("listed price only: dall-e-3") << "dall-e-3" << 1 << 0 << none << 40LL;
    QTest::newRow("listed price only: dall-e-2 edit") << "dall-e-2" << 1 << 1 << none << 20LL;
    QTest::newRow("offline") << "offline" << 1 << 0 << none << 1LL;
    // 42 listed + ceil((36 prompt bytes * 5000 + 2 partials * 100 * 40000) / 1e6) + 1 rounding = 52
    QTest::newRow("gpt-image-1") << "gpt-image-1" << 1 << 0 << none << 52LL;
    // 84 + ceil((36 * 5000 + 2 * 3 * 100 * 40000) / 1e6) + 2 = 111
    QTest::newRow("gpt-image-1 n=2, three partials")
        << "gpt-image-1" << 2 << 0 << QVariantMap{{QStringLiteral("partial_images"), 3}} << 111LL;
    // 42 + ceil((36 * 5000 + 2 * 1500 * 10000 + 2 * 100 * 40000) / 1e6) + 1 = 82
    QTest::newRow("gpt-image-1 edit") << "gpt-image-1" << 1 << 2 << none << 82LL;
    // 42 + ceil((36 * 5000 + 2 * (1500 + 6240) * 10000 + 2 * 100 * 40000) / 1e6) + 1 = 206
    QTest::newRow("gpt-image-1 edit, high fidelity")
        << "gpt-image-1" << 1 << 2 << QVariantMap{{QStringLiteral("input_fidelity"), QStringLiteral("high")}}
        << 206LL;
}

// What a submit reserves covers what the reported usage can charge: prompt, reference images and the
// output tokens of the partial images on top of the listed price.
void ModelCatalogTest::reservation()
{
    QFETCH(QString, model);
    QFETCH(int, n);
    QFETCH(int, references);
    QFETCH(QVariantMap, parameters);
    QFETCH(qint64, reserved);

    const GenerationRequest request = m_catalog.withDefaults(make(model, [&](GenerationRequest &r) {
        r.quality = model.startsWith(QLatin1String("gpt")) ? QStringLiteral("medium") : QString();
        r.imageCount = n;
        for (int i = 0; i < references; ++i)
            r.productImages.append(file(QStringLiteral("square.png")));
        r.parameters = parameters;
    }));
    QCOMPARE(m_catalog.reservation(request), reserved);
    QVERIFY(m_catalog.reservation(request) >= m_catalog.estimateCost(request));
}

void ModelCatalogTest::malformedJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("empty") << QByteArray() << "not valid JSON";
    QTest::newRow("garbage") << QByteArray("models: yes") << "not valid JSON";
    QTest::newRow("truncated") << QJsonDocument(minimalCatalog()).toJson().chopped(10) << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << "must be a JSON object";
    QTest::newRow("empty object") << QByteArray("{}") << "Catalog, field \"models\": is missing.";
}

void ModelCatalogTest::malformedJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, fragment);
    QString error;
    QVERIFY(!ModelCatalog::fromJson(json, &error));
    QVERIFY2(error.contains(fragment), qPrintable(error));
    QVERIFY(!ModelCatalog::fromJson(json, nullptr));
}

void ModelCatalogTest::brokenCatalog_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value"); // undefined: the field is removed
    QTest::addColumn<QString>("error");    // empty: the catalog still parses

    const QJsonValue removed(QJsonValue::Undefined);
    const auto row = [](const char *name, const char *path, const QJsonValue &value, const char *error) {
        QTest::newRow(name) << QString::fromLatin1(path) << value << QString::fromUtf8(error);
    };
    row("unchanged", "defaultModel", QStringLiteral("m1"), "");
    row("no models", "models", removed, "Catalog, field \"models\": is missing.");
    row("models empty", "models", QJsonArray(),
        "Catalog, field \"models\": must be a list of at least one model.");
    row("model not object", "models.0", 5, "Model 1, field \"models\": entry 1 must be an object.");
    row("no id", "models.0.id", removed, "Model 1, field \"id\": is missing.");
    row("duplicate id", "models.1", minimalCatalog().value(QStringLiteral("models")).toArray().at(0),
        "Catalog, field \"models\": the id \"m1\" is used twice.");
    row("no provider", "models.0.provider", removed, "Model \"m1\", field \"provider\": is missing.");
    row("no label", "models.0.label", removed, "Model \"m1\", field \"label\": is missing.");
    row("label not text", "models.0.label", 3, "Model \"m1\", field \"label\": must be a text");
    row("no sizes", "models.0.sizes", removed, "Model \"m1\", field \"sizes\": is missing.");
    row("sizes not list", "models.0.sizes", QStringLiteral("1024x1024"),
        "field \"sizes\": must be a list of texts.");
    row("sizes empty", "models.0.sizes", QJsonArray(), "field \"sizes\": must not be empty.");
    row("size malformed", "models.0.sizes", QJsonArray{QStringLiteral("huge")},
        "field \"sizes\": \"huge\" is neither WIDTHxHEIGHT nor auto.");
    row("no aspect sizes", "models.0.aspectSizes", removed,
        "Model \"m1\", field \"aspectSizes\": is missing.");
    row("aspect missing", "models.0.aspectSizes.21:9", removed,
        "Model \"m1\", field \"aspectSizes.21:9\": must be a WIDTHxHEIGHT size.");
    row("aspect unknown", "models.0.aspectSizes.5:4", QStringLiteral("1024x1024"),
        "Model \"m1\", field \"aspectSizes.5:4\": is not an aspect ratio");
    row("aspect size impossible", "models.0.aspectSizes.16:9", QStringLiteral("1024x576"),
        "Model \"m1\", field \"aspectSizes.16:9\": Size 1024x576 is not possible with m1");
    row("arbitrary multiple 0", "models.0.arbitrarySize",
        QJsonObject{{QStringLiteral("multiple"), 0}, {QStringLiteral("minEdge"), 16}},
        "Model \"m1\", field \"arbitrarySize.multiple\": must be a whole number of at least 1.");
    row("arbitrary incomplete", "models.0.arbitrarySize",
        QJsonObject{{QStringLiteral("multiple"), 16},
                    {QStringLiteral("minEdge"), 16},
                    {QStringLiteral("maxWidth"), 64},
                    {QStringLiteral("maxHeight"), 64},
                    {QStringLiteral("maxPixels"), 4096},
                    {QStringLiteral("minAspect"), QStringLiteral("wide")}},
        "Model \"m1\", field \"arbitrarySize.minAspect\": must be a ratio");
    row("no qualities", "models.0.qualities", removed, "Model \"m1\", field \"qualities\": is missing.");
    row("qualities empty", "models.0.qualities", QJsonArray(), "field \"qualities\": must not be empty.");
    row("qualities twice", "models.0.qualities",
        QJsonArray{QStringLiteral("standard"), QStringLiteral("standard")},
        "field \"qualities\": must hold texts that are not empty, each once.");
    row("styles not list", "models.0.styles", QStringLiteral("vivid"), "Model \"m1\", field \"styles\"");
    row("maxImages 0", "models.0.maxImages", 0,
        "Model \"m1\", field \"maxImages\": must be a whole number of at least 1.");
    row("maxImages text", "models.0.maxImages", QStringLiteral("ten"),
        "field \"maxImages\": must be a whole number");
    row("maxImages fraction", "models.0.maxImages", 1.5, "field \"maxImages\": must be a whole number");
    row("no maxPromptLength", "models.0.maxPromptLength", removed, "field \"maxPromptLength\": is missing.");
    row("references without bytes", "models.0.referenceImages.maxBytes", removed,
        "Model \"m1\", field \"referenceImages.maxBytes\": is missing.");
    row("references upper-case", "models.0.referenceImages.formats", QJsonArray{QStringLiteral("PNG")},
        "field \"referenceImages.formats\": must be lower-case");
    row("references square not bool", "models.0.referenceImages.mustBeSquare", QStringLiteral("yes"),
        "field \"referenceImages.mustBeSquare\": must be true or false.");
    row("unknown option", "models.0.options", QJsonArray{QStringLiteral("sparkle")},
        "Model \"m1\", field \"options\": \"sparkle\" is not one of the catalog's parameters.");
    row("streams not bool", "models.0.streams", QStringLiteral("yes"),
        "field \"streams\": must be true or false.");
    row("no prices", "models.0.pricePerImage", removed, "Model \"m1\", field \"pricePerImage\": is missing.");
    row("quality unpriced", "models.0.pricePerImage.standard", removed,
        "Model \"m1\", field \"pricePerImage.standard\": has no price for size 1024x1024.");
    row("price negative", "models.0.pricePerImage.standard.1024x1024", -1,
        "field \"pricePerImage.standard.1024x1024\": must be a WIDTHxHEIGHT size with a whole price");
    row("price for unknown quality", "models.0.pricePerImage.ultra", QJsonObject(),
        "field \"pricePerImage.ultra\": is not one of the model's qualities.");
    row("price for impossible size", "models.0.pricePerImage.standard.512x512", 10,
        "Model \"m1\", field \"pricePerImage.standard.512x512\": Size 512x512 is not possible with m1");
    row("per MP unknown quality", "models.0.pricePerMegapixel", QJsonObject{{QStringLiteral("hd"), 3}},
        "field \"pricePerMegapixel.hd\"");
    row("usage incomplete", "models.0.usagePricing", QJsonObject{{QStringLiteral("textInputPerMillion"), 5}},
        "Model \"m1\", field \"usagePricing.imageInputPerMillion\": is missing.");
    row("no default model", "defaultModel", removed, "Catalog, field \"defaultModel\": is missing.");
    row("unknown default model", "defaultModel", QStringLiteral("nope"),
        "Catalog, field \"defaultModel\": \"nope\" is not one of the models.");
    row("parameter not object", "parameters.output_format", 3,
        "field \"parameters.output_format\": must be an object.");
    row("parameter without values or range", "parameters.output_format.values", removed,
        "Parameter \"output_format\", field \"minimum\": is missing.");
    row("parameter default not a value", "parameters.output_format.default", QStringLiteral("gif"),
        "Parameter \"output_format\", field \"default\": must be one of the parameter's values.");
    row("requirement on unknown parameter", "parameters.output_format.requires",
        QJsonObject{{QStringLiteral("jpeg"),
                     QJsonObject{{QStringLiteral("quality"), QJsonArray{QStringLiteral("x")}}}}},
        "field \"parameters.output_format.requires\": \"quality\" is not a parameter.");
    const QJsonObject maskFile{{QStringLiteral("formats"), QJsonArray{QStringLiteral("png")}},
                               {QStringLiteral("maxBytes"), 4096}};
    row("image file parameter", "parameters.mask", QJsonObject{{QStringLiteral("imageFile"), maskFile}}, "");
    row("image file with a default", "parameters.mask",
        QJsonObject{{QStringLiteral("imageFile"), maskFile},
                    {QStringLiteral("default"), QStringLiteral("a.png")}},
        "Parameter \"mask\", field \"default\": an image file parameter has no default.");
    row("image file without a limit", "parameters.mask",
        QJsonObject{{QStringLiteral("imageFile"),
                     QJsonObject{{QStringLiteral("formats"), QJsonArray{QStringLiteral("png")}}}}},
        "Parameter \"mask\", field \"imageFile.maxBytes\": is missing.");
    row("image file formats upper-case", "parameters.mask",
        QJsonObject{{QStringLiteral("imageFile"),
                     QJsonObject{{QStringLiteral("formats"), QJsonArray{QStringLiteral("PNG")}},
                                 {QStringLiteral("maxBytes"), 4096}}}},
        "Parameter \"mask\", field \"imageFile.formats\": must be lower-case image formats.");
}

void ModelCatalogTest::brokenCatalog()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    const QJsonObject catalog = setAt(minimalCatalog(), path.split(QLatin1Char('.')), value).toObject();
    QString message;
    const auto parsed = ModelCatalog::fromJson(QJsonDocument(catalog).toJson(), &message);
    if (error.isEmpty()) {
        QVERIFY2(parsed, qPrintable(message));
        return;
    }
    QVERIFY2(!parsed, qPrintable(QString::fromUtf8(QJsonDocument(catalog).toJson())));
    QVERIFY2(message.contains(error), qPrintable(message));
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::ModelCatalogTest)
#include "tst_modelcatalog.moc"
