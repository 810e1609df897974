#include "providers/openai/multipartbuilder.h"
#include "providers/openai/openairequestbuilder.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace atelier {

namespace {

using Keys = QStringList;

struct Part
{
    QByteArray name;
    QByteArray fileName;
    QByteArray contentType;
    QByteArray data;
};

// The parts of a multipart/form-data body, read the way a server reads them; fails the test on bad framing.
QList<Part> parseMultipart(const QByteArray &body, const QByteArray &contentType)
{
    const QByteArray prefix = "multipart/form-data; boundary=";
    [&] { QVERIFY2(contentType.startsWith(prefix), contentType.constData()); }();
    const QByteArray delimiter = "--" + contentType.mid(prefix.size());
    [&] {
        QVERIFY(body.startsWith(delimiter + "\r\n"));
        QVERIFY(body.endsWith("\r\n" + delimiter + "--\r\n"));
    }();
    static const QRegularExpression disposition(
        QStringLiteral(R"re(^form-data; name="([^"]*)"(?:; filename="([^"]*)")?$)re"));
    QList<Part> parts;
    qsizetype from = delimiter.size() + 2;
    for (;;) {
        const qsizetype end = body.indexOf("\r\n" + delimiter, from);
        if (end < 0)
            break;
        const QByteArray raw = body.mid(from, end - from);
        const qsizetype split = raw.indexOf("\r\n\r\n");
        Part part;
        part.data = raw.mid(split + 4);
        for (const QByteArray &line : raw.left(split).split('\n')) {
            const QByteArray header = line.trimmed();
            if (header.startsWith("Content-Type: ")) {
                part.contentType = header.mid(14);
            } else if (header.startsWith("Content-Disposition: ")) {
                const auto match = disposition.match(QString::fromUtf8(header.mid(21)));
                part.name = match.captured(1).toUtf8();
                part.fileName = match.captured(2).toUtf8();
            }
        }
        parts.append(part);
        from = end + 2 + delimiter.size() + 2;
    }
    return parts;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestOpenAiRequestBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void specIsAvailable();
    void generationsForEveryModel_data();
    void generationsForEveryModel();
    void generationRules();
    void editForEveryModel_data();
    void editForEveryModel();
    void errors_data();
    void errors();
    void sizeLimitIsTheCatalogs();
    void multipartExactBytes();
    void multipartBoundaryAvoidsParts();

private:
    ProviderJob job(const QString &model, const QVariantMap &parameters = {},
                    const QStringList &references = {}) const;
    QJsonObject generationBody(const BuiltRequest &request) const;
    // Every key is a property of the schema and every value is of its type, in its enum and its range.
    void checkAgainstSpec(const QString &schema, const QString &key, const QJsonValue &value) const;
    QString file(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    ModelCatalog m_catalog = ModelCatalog::builtIn();
    QJsonObject m_schemas;
    QTemporaryDir m_dir;
    // What each model sends with the catalog's defaults, and on top with every option set.
    QHash<QString, QPair<Keys, Keys>> m_generationKeys;
};

void TestOpenAiRequestBuilder::initTestCase()
{
    // The spec lives in shared/reference beside the checkout, not in the repository; where it is missing the
    // field-by-field checks are skipped, loudly (see specIsAvailable).
    QFile spec(QStringLiteral(ATELIER_OPENAI_SPEC));
    if (spec.open(QIODevice::ReadOnly)) {
        m_schemas =
            QJsonDocument::fromJson(spec.readAll())[QLatin1String("components")][QLatin1String("schemas")]
                .toObject();
        QVERIFY(m_schemas.contains(QLatin1String("CreateImageRequest")));
        QVERIFY(m_schemas.contains(QLatin1String("CreateImageEditRequest")));
    }

    QVERIFY(m_dir.isValid());
    QImage picture(64, 64, QImage::Format_RGB32);
    picture.fill(QColor(30, 120, 200));
    QVERIFY(picture.save(file("product.png"), "PNG"));
    QVERIFY(picture.save(file("product.jpg"), "JPEG"));
    QVERIFY(picture.save(file("model.webp"), "WEBP"));
    QVERIFY(picture.save(file("bitmap.png"), "BMP")); // the suffix lies
    QVERIFY(picture.copy(0, 0, 64, 32).save(file("wide.png"), "PNG"));
    QVERIFY(picture.save(file("mask.jpg"), "JPEG"));
    QImage mask(64, 64, QImage::Format_ARGB32);
    mask.fill(Qt::black);
    for (int y = 16; y < 48; ++y) {
        for (int x = 16; x < 48; ++x)
            mask.setPixel(x, y, 0); // the area to edit is fully transparent
    }
    QVERIFY(mask.save(file("mask \"edit\".png"), "PNG"));
    QVERIFY(mask.scaled(32, 32).save(file("small-mask.png"), "PNG"));
    QFile truncated(file("truncated.png"));
    QVERIFY(truncated.open(QIODevice::WriteOnly));
    QVERIFY(truncated.write(readAll(file("product.png")).chopped(40)) > 0);
    truncated.close();
    QFile text(file("notes.png"));
    QVERIFY(text.open(QIODevice::WriteOnly) && text.write("not an image\n") > 0);

    const Keys common{QStringLiteral("prompt"), QStringLiteral("model"),   QStringLiteral("n"),
                      QStringLiteral("size"),   QStringLiteral("quality"), QStringLiteral("user")};
    const Keys dallE = common + Keys{QStringLiteral("response_format")};
    const Keys gpt = common + Keys{QStringLiteral("stream"), QStringLiteral("partial_images")};
    const Keys gptOptions = gpt + Keys{QStringLiteral("background"), QStringLiteral("output_format"),
                                       QStringLiteral("output_compression"), QStringLiteral("moderation")};
    m_generationKeys = {
        {QStringLiteral("dall-e-2"), {dallE, dallE}},
        {QStringLiteral("dall-e-3"),
         {dallE + Keys{QStringLiteral("style")}, dallE + Keys{QStringLiteral("style")}}},
        {QStringLiteral("gpt-image-1"), {gpt, gptOptions}},
        {QStringLiteral("gpt-image-1-mini"), {gpt, gptOptions}},
        {QStringLiteral("gpt-image-1.5"), {gpt, gptOptions}},
        {QStringLiteral("gpt-image-2"), {gpt, gptOptions}},
    };
}

ProviderJob TestOpenAiRequestBuilder::job(const QString &model, const QVariantMap &parameters,
                                          const QStringList &references) const
{
    GenerationRequest request;
    request.profileId = 1;
    request.prompt = QStringLiteral("A teapot on a windowsill");
    request.customPrompt = QStringLiteral("Soft morning light.");
    request.model = model;
    request.parameters = parameters;
    request.productImages = references.mid(0, 2);
    request.modelImages = references.mid(2);
    ProviderJob job;
    job.generationId = 7;
    job.request = m_catalog.withDefaults(request);
    job.size = m_catalog.resolveSize(job.request);
    job.userTag = QStringLiteral("u-5d41402abc4b2a76");
    return job;
}

QJsonObject TestOpenAiRequestBuilder::generationBody(const BuiltRequest &request) const
{
    [&] {
        QVERIFY2(!request.error.isError(), qPrintable(request.error.message));
        QCOMPARE(request.path, QStringLiteral("/images/generations"));
        QCOMPARE(request.contentType, QByteArray("application/json"));
    }();
    return QJsonDocument::fromJson(request.body).object();
}

void TestOpenAiRequestBuilder::checkAgainstSpec(const QString &schema, const QString &key,
                                                const QJsonValue &value) const
{
    if (m_schemas.isEmpty())
        return;
    const QJsonObject properties = m_schemas[schema][QLatin1String("properties")].toObject();
    QVERIFY2(properties.contains(key), qPrintable(schema + QLatin1String(" has no ") + key));
    // Flatten $ref and anyOf into the alternatives; an enumerated alternative, when there is one, is the
    // rule.
    QList<QJsonObject> branches{properties[key].toObject()};
    QList<QJsonObject> flat;
    while (!branches.isEmpty()) {
        QJsonObject node = branches.takeFirst();
        if (node.contains(QLatin1String("$ref")))
            node = m_schemas[node[QLatin1String("$ref")].toString().section(QLatin1Char('/'), -1)].toObject();
        if (node.contains(QLatin1String("anyOf"))) {
            for (const QJsonValue &branch : node[QLatin1String("anyOf")].toArray())
                branches.append(branch.toObject());
        } else if (node[QLatin1String("type")].toString() != QLatin1String("null")) {
            flat.append(node);
        }
    }
    const bool enumerated = std::any_of(
        flat.cbegin(), flat.cend(), [](const QJsonObject &b) { return b.contains(QLatin1String("enum")); });
    const bool matches = std::any_of(flat.cbegin(), flat.cend(), [&](const QJsonObject &branch) {
        const QString type = branch[QLatin1String("type")].toString();
        const double number = value.toDouble();
        const bool typed =
            (type == QLatin1String("string") && value.isString()) ||
            (type == QLatin1String("boolean") && value.isBool()) ||
            (type == QLatin1String("integer") && value.isDouble() && std::floor(number) == number);
        const QJsonArray values = branch[QLatin1String("enum")].toArray();
        return typed && (!enumerated || values.contains(value)) &&
               number >= branch[QLatin1String("minimum")].toDouble(-1e18) &&
               number <= branch[QLatin1String("maximum")].toDouble(1e18);
    });
    QVERIFY2(matches,
             qPrintable(QStringLiteral("%1.%2 = %3").arg(schema, key, value.toVariant().toString())));
}

void TestOpenAiRequestBuilder::specIsAvailable()
{
    if (m_schemas.isEmpty())
        QSKIP("shared/reference/openai-images-openapi.json is not beside the checkout: sent fields are not "
              "checked "
              "against the spec");
}

void TestOpenAiRequestBuilder::generationsForEveryModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("allOptions");
    int openAiModels = 0;
    for (const ModelSpec &spec : m_catalog.models()) {
        if (spec.provider != QLatin1String("openai"))
            continue;
        ++openAiModels;
        QVERIFY2(m_generationKeys.contains(spec.id),
                 qPrintable(spec.id + QLatin1String(": expectation missing")));
        QTest::addRow("%s defaults", qPrintable(spec.id)) << spec.id << false;
        QTest::addRow("%s all options", qPrintable(spec.id)) << spec.id << true;
    }
    QCOMPARE(openAiModels, m_generationKeys.size());
}

void TestOpenAiRequestBuilder::generationsForEveryModel()
{
    QFETCH(QString, model);
    QFETCH(bool, allOptions);
    // Every option the catalog knows, also for models that take none: the builder must leave them out.
    const QVariantMap options{{QStringLiteral("background"), QStringLiteral("opaque")},
                              {QStringLiteral("output_format"), QStringLiteral("webp")},
                              {QStringLiteral("output_compression"), 80},
                              {QStringLiteral("moderation"), QStringLiteral("low")},
                              {QStringLiteral("input_fidelity"), QStringLiteral("high")},
                              {QStringLiteral("partial_images"), 3},
                              {QStringLiteral("seed"), 42}};
    const ProviderJob job = this->job(model, allOptions ? options : QVariantMap());
    const BuiltRequest request = OpenAiRequestBuilder(m_catalog).build(job);
    const QJsonObject body = generationBody(request);

    Keys expected = allOptions ? m_generationKeys[model].second : m_generationKeys[model].first;
    Keys sent = body.keys();
    std::sort(expected.begin(), expected.end());
    QCOMPARE(sent, expected);
    for (auto it = body.constBegin(); it != body.constEnd(); ++it)
        checkAgainstSpec(QStringLiteral("CreateImageRequest"), it.key(), it.value());

    const ModelSpec *spec = m_catalog.model(model);
    QCOMPARE(body[QLatin1String("prompt")].toString(),
             QStringLiteral("A teapot on a windowsill\n\nSoft morning light."));
    QCOMPARE(body[QLatin1String("model")].toString(), model);
    QCOMPARE(body[QLatin1String("n")].toInt(), 1);
    QCOMPARE(body[QLatin1String("size")].toString(), spec->aspectSizes.value(QStringLiteral("1:1")));
    QCOMPARE(body[QLatin1String("quality")].toString(), spec->defaultQuality());
    QCOMPARE(body[QLatin1String("user")].toString(), job.userTag);
    QCOMPARE(request.streams, spec->streams);
    if (spec->streams)
        QCOMPARE(body[QLatin1String("partial_images")].toInt(), allOptions ? 3 : 2);
    if (!spec->styles.isEmpty())
        QCOMPARE(body[QLatin1String("style")].toString(), spec->defaultStyle());
    if (body.contains(QLatin1String("response_format")))
        QCOMPARE(body[QLatin1String("response_format")].toString(), QStringLiteral("b64_json"));
}

void TestOpenAiRequestBuilder::generationRules()
{
    const OpenAiRequestBuilder builder(m_catalog);
    const auto body = [&](const QString &model, const QVariantMap &parameters, const QString &size = {}) {
        ProviderJob job = this->job(model, parameters);
        if (!size.isEmpty())
            job.size = size;
        return generationBody(builder.build(job));
    };
    const QString compression = QStringLiteral("output_compression");
    const QString format = QStringLiteral("output_format");
    // Compression only with jpeg or webp output; png is the default when no format is given.
    QVERIFY(!body(QStringLiteral("gpt-image-1"), {{compression, 50}}).contains(compression));
    QVERIFY(!body(QStringLiteral("gpt-image-1"), {{compression, 50}, {format, QStringLiteral("png")}})
                 .contains(compression));
    QCOMPARE(body(QStringLiteral("gpt-image-1"),
                  {{compression, 50}, {format, QStringLiteral("jpeg")}})[compression]
                 .toInt(),
             50);
    // "auto" only where the model takes it; arbitrary sizes pass through unchanged.
    QVERIFY(!body(QStringLiteral("dall-e-2"), {}, QStringLiteral("auto")).contains(QLatin1String("size")));
    QCOMPARE(
        body(QStringLiteral("gpt-image-1"), {}, QStringLiteral("auto"))[QLatin1String("size")].toString(),
        QStringLiteral("auto"));
    QCOMPARE(
        body(QStringLiteral("gpt-image-2"), {}, QStringLiteral("1536x864"))[QLatin1String("size")].toString(),
        QStringLiteral("1536x864"));
    // Partial images mean a stream of 1 to 3 of them; none (atelier-cli's default) a whole answer.
    const QString partials = QStringLiteral("partial_images");
    const QString stream = QStringLiteral("stream");
    QCOMPARE(body(QStringLiteral("gpt-image-1.5"), {{partials, 9}})[partials].toInt(), 3);
    QCOMPARE(body(QStringLiteral("gpt-image-1.5"), {{partials, 1}})[partials].toInt(), 1);
    QCOMPARE(body(QStringLiteral("gpt-image-1.5"), {{partials, 1}})[stream].toBool(), true);
    QCOMPARE(body(QStringLiteral("gpt-image-1.5"), {})[partials].toInt(),
             OpenAiRequestBuilder::DefaultPartialImages);
    const QJsonObject whole = body(QStringLiteral("gpt-image-1.5"), {{partials, 0}});
    QVERIFY(!whole.contains(partials));
    QVERIFY(!whole.contains(stream));
    ProviderJob unstreamed = this->job(QStringLiteral("gpt-image-1"));
    unstreamed.request.parameters.insert(partials, 0);
    QVERIFY(!builder.build(unstreamed).streams);
    QVERIFY(builder.build(this->job(QStringLiteral("gpt-image-1"))).streams);
    // The body is replayable as is: building twice gives the same bytes.
    const ProviderJob job = this->job(QStringLiteral("dall-e-3"));
    QCOMPARE(builder.build(job).body, builder.build(job).body);
}

void TestOpenAiRequestBuilder::editForEveryModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("images");
    QTest::addColumn<QByteArray>("imageField");
    QTest::addColumn<Keys>("fields");
    const QStringList three{file("product.png"), file("product.jpg"), file("model.webp")};
    const Keys common{QStringLiteral("prompt"), QStringLiteral("model"),   QStringLiteral("n"),
                      QStringLiteral("size"),   QStringLiteral("quality"), QStringLiteral("user")};
    const Keys gpt = common + Keys{QStringLiteral("background"), QStringLiteral("output_format"),
                                   QStringLiteral("output_compression"), QStringLiteral("stream"),
                                   QStringLiteral("partial_images")};
    const Keys fidelity{QStringLiteral("input_fidelity")};
    QTest::newRow("dall-e-2") << QStringLiteral("dall-e-2") << QStringList{file("product.png")}
                              << QByteArray("image") << common + Keys{QStringLiteral("response_format")};
    QTest::newRow("gpt-image-1") << QStringLiteral("gpt-image-1") << three << QByteArray("image[]")
                                 << gpt + fidelity;
    QTest::newRow("gpt-image-1-mini")
        << QStringLiteral("gpt-image-1-mini") << three << QByteArray("image[]") << gpt;
    QTest::newRow("gpt-image-1.5") << QStringLiteral("gpt-image-1.5") << three << QByteArray("image[]")
                                   << gpt + fidelity;
    QTest::newRow("gpt-image-2") << QStringLiteral("gpt-image-2") << three << QByteArray("image[]")
                                 << gpt + fidelity;
}

void TestOpenAiRequestBuilder::editForEveryModel()
{
    QFETCH(QString, model);
    QFETCH(QStringList, images);
    QFETCH(QByteArray, imageField);
    QFETCH(Keys, fields);
    const QString maskPath = file("mask \"edit\".png");
    const QVariantMap parameters{{QStringLiteral("background"), QStringLiteral("opaque")},
                                 {QStringLiteral("output_format"), QStringLiteral("jpeg")},
                                 {QStringLiteral("output_compression"), 70},
                                 {QStringLiteral("moderation"), QStringLiteral("low")},
                                 {QStringLiteral("input_fidelity"), QStringLiteral("high")},
                                 {QStringLiteral("mask"), maskPath}};
    const ProviderJob job = this->job(model, parameters, images);
    const BuiltRequest request = OpenAiRequestBuilder(m_catalog).build(job);
    QVERIFY2(!request.error.isError(), qPrintable(request.error.message));
    QCOMPARE(request.path, QStringLiteral("/images/edits"));
    QCOMPARE(request.streams, m_catalog.model(model)->streams);
    const QList<Part> parts = parseMultipart(request.body, request.contentType);
    QCOMPARE(parts.size(), fields.size() + images.size() + 1);

    Keys sent;
    for (const Part &part : parts.first(fields.size())) {
        QVERIFY(part.fileName.isEmpty() && part.contentType.isEmpty());
        const QString key = QString::fromUtf8(part.name);
        sent.append(key);
        // Form values are text; give each the JSON type it stands for before checking it.
        const QString text = QString::fromUtf8(part.data);
        bool isNumber = false;
        const qint64 number = text.toLongLong(&isNumber);
        const QJsonValue value = isNumber                        ? QJsonValue(number)
                                 : text == QLatin1String("true") ? QJsonValue(true)
                                                                 : QJsonValue(text);
        checkAgainstSpec(QStringLiteral("CreateImageEditRequest"), key, value);
    }
    std::sort(fields.begin(), fields.end());
    std::sort(sent.begin(), sent.end());
    QCOMPARE(sent, fields);
    QCOMPARE(parts.constFirst().data, job.request.fullPrompt().toUtf8());

    const QByteArray types[] = {"image/png", "image/jpeg", "image/webp"};
    for (int i = 0; i < images.size(); ++i) {
        const Part &part = parts.at(fields.size() + i);
        QCOMPARE(part.name, imageField);
        QCOMPARE(part.fileName, QFileInfo(images.at(i)).fileName().toUtf8());
        QCOMPARE(part.contentType, types[i]);
        QVERIFY(part.data == readAll(images.at(i)));
    }
    const Part &mask = parts.constLast();
    QCOMPARE(mask.name, QByteArray("mask"));
    QCOMPARE(mask.fileName, QByteArray("mask %22edit%22.png"));
    QCOMPARE(mask.contentType, QByteArray("image/png"));
    QVERIFY(mask.data == readAll(maskPath));
}

void TestOpenAiRequestBuilder::errors_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("images");
    QTest::addColumn<QString>("mask");
    QTest::addColumn<QString>("named"); // what the message must name
    const QString gpt = QStringLiteral("gpt-image-1");
    const QStringList png{file("product.png")};
    QTest::newRow("dall-e-3 edits") << QStringLiteral("dall-e-3") << png << QString()
                                    << QStringLiteral("dall-e-3");
    QTest::newRow("offline") << QStringLiteral("offline") << QStringList() << QString()
                             << QStringLiteral("offline");
    QTest::newRow("missing") << gpt << QStringList{png[0], file("gone.png")} << QString() << file("gone.png");
    QTest::newRow("not an image") << gpt << QStringList{file("notes.png")} << QString() << file("notes.png");
    QTest::newRow("truncated") << gpt << QStringList{file("truncated.png")} << QString()
                               << file("truncated.png");
    QTest::newRow("bmp") << gpt << QStringList{file("bitmap.png")} << QString() << file("bitmap.png");
    QTest::newRow("dall-e-2 jpeg") << QStringLiteral("dall-e-2") << QStringList{file("product.jpg")}
                                   << QString() << file("product.jpg");
    QTest::newRow("dall-e-2 not square")
        << QStringLiteral("dall-e-2") << QStringList{file("wide.png")} << QString() << file("wide.png");
    QTest::newRow("jpeg mask") << gpt << png << file("mask.jpg") << file("mask.jpg");
    QTest::newRow("mask size") << gpt << png << file("small-mask.png") << file("small-mask.png");
    QTest::newRow("missing mask") << gpt << png << file("nomask.png") << file("nomask.png");
    QTest::newRow("mask alone") << gpt << QStringList() << file("small-mask.png") << QStringLiteral("mask");
}

void TestOpenAiRequestBuilder::errors()
{
    QFETCH(QString, model);
    QFETCH(QStringList, images);
    QFETCH(QString, mask);
    QFETCH(QString, named);
    QVariantMap parameters;
    if (!mask.isEmpty())
        parameters.insert(QStringLiteral("mask"), mask);
    const BuiltRequest request = OpenAiRequestBuilder(m_catalog).build(job(model, parameters, images));
    QCOMPARE(request.error.category, GenerationError::Category::Validation);
    QVERIFY2(request.error.message.contains(named), qPrintable(request.error.message));
    QVERIFY(request.body.isEmpty() && request.path.isEmpty() && request.contentType.isEmpty());
}

void TestOpenAiRequestBuilder::sizeLimitIsTheCatalogs()
{
    QFile resource(QStringLiteral(":/catalog/models.json"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(resource.readAll()).object();
    const QString path = file("product.png");
    const qint64 bytes = QFileInfo(path).size();
    // The limit is exclusive ("less than 4MB"): a file of exactly the limit is refused, one byte less passes.
    for (const qint64 limit : {bytes, bytes + 1}) {
        QJsonArray models = root[QLatin1String("models")].toArray();
        for (auto it = models.begin(); it != models.end(); ++it) {
            QJsonObject model = it->toObject();
            QJsonObject references = model[QLatin1String("referenceImages")].toObject();
            if (references.isEmpty())
                continue;
            references[QLatin1String("maxBytes")] = limit;
            model[QLatin1String("referenceImages")] = references;
            *it = model;
        }
        root[QLatin1String("models")] = models;
        QString error;
        const std::optional<ModelCatalog> small =
            ModelCatalog::fromJson(QJsonDocument(root).toJson(), &error);
        QVERIFY2(small, qPrintable(error));
        ProviderJob job = this->job(QStringLiteral("gpt-image-1"), {}, {path});
        const BuiltRequest request = OpenAiRequestBuilder(*small).build(job);
        QCOMPARE(request.error.isError(), limit == bytes);
        QCOMPARE(request.body.isEmpty(), limit == bytes);
        if (limit == bytes)
            QVERIFY(request.error.message.contains(path));
    }
}

void TestOpenAiRequestBuilder::multipartExactBytes()
{
    MultipartBuilder form([] { return QByteArray("XyZ"); });
    form.addField("prompt", "a cat\r\non a mat");
    form.addFile("image[]", QStringLiteral("caf\u00e9 \"1\".png"), "image/png",
                 QByteArray("\x89PNG\0\r\n", 7));
    QCOMPARE(form.contentType(), QByteArray("multipart/form-data; boundary=XyZ"));
    static constexpr char Expected[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"prompt\"\r\n\r\n"
        "a cat\r\non a mat\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"image[]\"; filename=\"caf\xc3\xa9 %221%22.png\"\r\n"
        "Content-Type: image/png\r\n\r\n"
        "\x89PNG\0\r\n\r\n"
        "--XyZ--\r\n";
    QCOMPARE(form.body(), QByteArray(Expected, sizeof(Expected) - 1));

    const QByteArray random = MultipartBuilder::randomBoundary();
    QVERIFY(random.size() <= 70 && random != MultipartBuilder::randomBoundary());
    QVERIFY(
        QRegularExpression(QStringLiteral("^[0-9A-Za-z]+$")).match(QString::fromLatin1(random)).hasMatch());
}

void TestOpenAiRequestBuilder::multipartBoundaryAvoidsParts()
{
    // The first boundary occurs in a part, the second in an earlier part: only the third is safe.
    QList<QByteArray> candidates{"one", "two", "three"};
    MultipartBuilder form([&candidates] { return candidates.takeFirst(); });
    form.addField("a", "two is fine for now");
    QCOMPARE(form.boundary(), QByteArray("one"));
    form.addFile("b", QStringLiteral("b.bin"), "application/octet-stream", "holds one");
    QCOMPARE(form.boundary(), QByteArray("three"));
    const QList<Part> parts = parseMultipart(form.body(), form.contentType());
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].data, QByteArray("two is fine for now"));
    QCOMPARE(parts[1].data, QByteArray("holds one"));
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::TestOpenAiRequestBuilder)
#include "tst_openairequestbuilder.moc"
