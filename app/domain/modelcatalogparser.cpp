#include "modelcatalogparser.h"

#include "modelcatalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace atelier {
namespace {

constexpr qint64 largestExactInteger = qint64(1) << 53; // a JSON number holds integers exactly up to here

// Reads the fields of one JSON object. The first problem found is kept in *error, named by where it is
// ("Model \"dall-e-3\"") and by the field, so that a broken catalog says what to fix.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, const QString &where, QString *error, const QString &prefix = {})
        : m_object(object), m_where(where), m_prefix(prefix), m_error(error)
    {}

    bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }
    QJsonObject json() const { return m_object; }

    void fail(const QString &key, const QString &problem) const
    {
        if (m_error->isEmpty())
            *m_error = QStringLiteral("%1, field \"%2%3\": %4").arg(m_where, m_prefix, key, problem);
    }
    void fail(const char *key, const QString &problem) const { fail(QString::fromLatin1(key), problem); }

    QJsonValue value(const char *key) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            fail(key, QStringLiteral("is missing."));
        return value;
    }

    QString string(const char *key) const
    {
        const QJsonValue v = value(key);
        if (!v.isUndefined() && (!v.isString() || v.toString().trimmed().isEmpty()))
            fail(key, QStringLiteral("must be a text that is not empty."));
        return v.toString();
    }

    QStringList strings(const char *key, bool mayBeEmpty) const
    {
        const QJsonValue v = value(key);
        QStringList list;
        if (v.isUndefined())
            return list;
        if (!v.isArray()) {
            fail(key, QStringLiteral("must be a list of texts."));
            return list;
        }
        const QJsonArray array = v.toArray();
        for (const QJsonValue &item : array) {
            if (!item.isString() || item.toString().isEmpty() || list.contains(item.toString())) {
                fail(key, QStringLiteral("must hold texts that are not empty, each once."));
                return {};
            }
            list.append(item.toString());
        }
        if (list.isEmpty() && !mayBeEmpty)
            fail(key, QStringLiteral("must not be empty."));
        return list;
    }

    qint64 wholeNumber(const char *key, qint64 minimum,
                       qint64 maximum = std::numeric_limits<int>::max()) const
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return minimum;
        const double number = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::floor(number) != number || number < double(minimum) ||
            number > double(maximum)) {
            fail(key,
                 maximum == std::numeric_limits<int>::max()
                     ? QStringLiteral("must be a whole number of at least %1.").arg(minimum)
                     : QStringLiteral("must be a whole number from %1 to %2.").arg(minimum).arg(maximum));
            return minimum;
        }
        return qint64(number);
    }

    double number(const char *key) const
    {
        const QJsonValue v = value(key);
        if (!v.isUndefined() && (!v.isDouble() || v.toDouble() < 0)) {
            fail(key, QStringLiteral("must be a number of at least 0."));
            return 0;
        }
        return v.toDouble();
    }

    bool boolean(const char *key) const
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isBool())
            fail(key, QStringLiteral("must be true or false."));
        return v.toBool();
    }

    // "1:3" -> 1/3.
    double ratio(const char *key) const
    {
        static const QRegularExpression pattern(QStringLiteral("^([1-9][0-9]*):([1-9][0-9]*)$"));
        const QRegularExpressionMatch match = pattern.match(string(key));
        if (!match.hasMatch()) {
            fail(key, QStringLiteral("must be a ratio such as \"1:3\"."));
            return 1;
        }
        return match.captured(1).toDouble() / match.captured(2).toDouble();
    }

    FieldReader nested(const char *key) const
    {
        const QJsonValue v = value(key);
        if (!v.isUndefined() && !v.isObject())
            fail(key, QStringLiteral("must be an object."));
        return FieldReader(v.toObject(), m_where, m_error,
                           m_prefix + QString::fromLatin1(key) + QLatin1Char('.'));
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString m_prefix;
    QString *m_error;
};

bool isSizeText(const QString &size)
{
    return size == QLatin1String("auto") || ModelCatalog::parseSize(size).has_value();
}

ParameterSpec readParameter(const QString &name, const QJsonObject &object, QString *error)
{
    const FieldReader r(object, QStringLiteral("Parameter \"%1\"").arg(name), error);
    ParameterSpec spec;
    spec.name = name;
    if (r.has("description"))
        spec.description = r.string("description");
    if (r.has("values")) {
        spec.values = r.strings("values", false);
    } else if (r.has("imageFile")) {
        const FieldReader file = r.nested("imageFile");
        ImageFileRule rule;
        rule.formats = file.strings("formats", false);
        rule.maxBytes = file.wholeNumber("maxBytes", 1, largestExactInteger);
        rule.needsAlpha = file.boolean("needsAlpha");
        rule.sameSizeAsFirstReference = file.boolean("sameSizeAsFirstReference");
        for (const QString &format : std::as_const(rule.formats)) {
            if (format != format.toLower())
                file.fail("formats", QStringLiteral("must be lower-case image formats."));
        }
        spec.imageFile = std::move(rule);
    } else {
        spec.minimum = r.wholeNumber("minimum", -largestExactInteger, largestExactInteger);
        spec.maximum = r.wholeNumber("maximum", spec.minimum, largestExactInteger);
    }
    if (r.has("default") && spec.imageFile) {
        r.fail("default", QStringLiteral("an image file parameter has no default."));
    } else if (r.has("default")) {
        spec.defaultValue = r.json().value(QLatin1String("default")).toVariant();
        const bool fits = spec.isWholeNumber() ? r.json().value(QLatin1String("default")).isDouble()
                                               : spec.values.contains(spec.defaultValue.toString());
        if (!fits)
            r.fail("default", QStringLiteral("must be one of the parameter's values."));
    }
    spec.everyModel = r.boolean("everyModel");
    if (r.has("requires")) {
        const QJsonObject requirements = r.nested("requires").json();
        for (auto it = requirements.begin(); it != requirements.end(); ++it) {
            const QJsonObject needs = it.value().toObject();
            if (!spec.values.contains(it.key()) || needs.isEmpty())
                r.fail("requires",
                       QStringLiteral("\"%1\" is not one of the values, or requires nothing.").arg(it.key()));
            for (auto need = needs.begin(); need != needs.end(); ++need) {
                const QStringList allowed = need.value().toVariant().toStringList();
                if (allowed.isEmpty())
                    r.fail("requires", QStringLiteral("\"%1\" needs a list of values.").arg(need.key()));
                spec.requirements[it.key()].insert(need.key(), allowed);
            }
        }
    }
    return spec;
}

void readReferenceImages(const FieldReader &r, ModelSpec *spec)
{
    if (!r.has("referenceImages"))
        return;
    const FieldReader images = r.nested("referenceImages");
    spec->maxReferenceImages = int(images.wholeNumber("max", 0));
    if (spec->maxReferenceImages == 0)
        return;
    spec->maxReferenceImageBytes = images.wholeNumber("maxBytes", 1, largestExactInteger);
    spec->referenceImageFormats = images.strings("formats", false);
    for (const QString &format : std::as_const(spec->referenceImageFormats)) {
        if (format != format.toLower())
            images.fail("formats", QStringLiteral("must be lower-case file suffixes."));
    }
    spec->referenceImagesMustBeSquare = images.boolean("mustBeSquare");
}

void readSizes(const FieldReader &r, ModelSpec *spec, const QStringList &aspectRatios)
{
    spec->sizes = r.strings("sizes", false);
    for (const QString &size : std::as_const(spec->sizes)) {
        if (!isSizeText(size))
            r.fail("sizes", QStringLiteral("\"%1\" is neither WIDTHxHEIGHT nor auto.").arg(size));
    }
    if (r.has("arbitrarySize")) {
        const FieldReader a = r.nested("arbitrarySize");
        ArbitrarySizeRule rule;
        rule.multiple = int(a.wholeNumber("multiple", 1));
        rule.minEdge = int(a.wholeNumber("minEdge", 1));
        rule.maxWidth = int(a.wholeNumber("maxWidth", rule.minEdge));
        rule.maxHeight = int(a.wholeNumber("maxHeight", rule.minEdge));
        rule.maxPixels = a.wholeNumber("maxPixels", 1, largestExactInteger);
        rule.minAspect = a.ratio("minAspect");
        rule.maxAspect = a.ratio("maxAspect");
        if (rule.minAspect > rule.maxAspect)
            a.fail("minAspect", QStringLiteral("must not be wider than maxAspect."));
        spec->arbitrarySize = rule;
    }
    const FieldReader aspects = r.nested("aspectSizes");
    for (const QString &ratio : aspectRatios) {
        const QString size = aspects.json().value(ratio).toString();
        if (!ModelCatalog::parseSize(size))
            aspects.fail(ratio, QStringLiteral("must be a WIDTHxHEIGHT size."));
        spec->aspectSizes.insert(ratio, size);
    }
    const QStringList keys = aspects.json().keys();
    for (const QString &key : keys) {
        if (!aspectRatios.contains(key))
            aspects.fail(
                key, QStringLiteral("is not an aspect ratio; use one of %1.").arg(aspectRatios.join(u", ")));
    }
}

void readPrices(const FieldReader &r, ModelSpec *spec)
{
    const FieldReader prices = r.nested("pricePerImage");
    const QJsonObject tables = prices.json();
    for (auto it = tables.begin(); it != tables.end(); ++it) {
        if (!spec->qualities.contains(it.key()))
            prices.fail(it.key(), QStringLiteral("is not one of the model's qualities."));
        const QJsonObject sizes = it.value().toObject();
        for (auto size = sizes.begin(); size != sizes.end(); ++size) {
            const double price = size.value().toDouble(-1);
            if (!ModelCatalog::parseSize(size.key()) || price < 0 || std::floor(price) != price)
                prices.fail(it.key() + QLatin1Char('.') + size.key(),
                            QStringLiteral("must be a WIDTHxHEIGHT size with a whole price of at least 0."));
            spec->pricePerImage[it.key()].insert(size.key(), qint64(price));
        }
    }
    for (const QString &quality : std::as_const(spec->qualities)) {
        if (quality == QLatin1String("auto") && !tables.contains(quality))
            continue; // "auto" is priced as the most expensive quality
        for (const QString &size : std::as_const(spec->sizes)) {
            if (size != QLatin1String("auto") && !spec->pricePerImage.value(quality).contains(size))
                prices.fail(quality, QStringLiteral("has no price for size %1.").arg(size));
        }
    }
    if (r.has("pricePerMegapixel")) {
        const FieldReader perMegapixel = r.nested("pricePerMegapixel");
        const QStringList qualities = perMegapixel.json().keys();
        for (const QString &quality : qualities) {
            const double price = perMegapixel.json().value(quality).toDouble(-1);
            if (!spec->qualities.contains(quality) || price < 0)
                perMegapixel.fail(quality,
                                  QStringLiteral("must be a price of at least 0 for one of the qualities."));
            spec->pricePerMegapixel.insert(quality, price);
        }
    }
    if (r.has("usagePricing")) {
        const FieldReader usage = r.nested("usagePricing");
        spec->textInputPerMillion = usage.number("textInputPerMillion");
        spec->imageInputPerMillion = usage.number("imageInputPerMillion");
        spec->imageOutputPerMillion = usage.number("imageOutputPerMillion");
        spec->referenceImageTokens = usage.wholeNumber("referenceImageTokens", 0, largestExactInteger);
        spec->highFidelityImageTokens = usage.wholeNumber("highFidelityImageTokens", 0, largestExactInteger);
        spec->partialImageTokens = usage.wholeNumber("partialImageTokens", 0, largestExactInteger);
    }
}

ModelSpec readModel(const QJsonValue &value, int index, const QList<ParameterSpec> &parameters,
                    const QStringList &aspectRatios, QString *error)
{
    const QJsonObject object = value.toObject();
    const QString id = object.value(QLatin1String("id")).toString();
    const FieldReader r(object,
                        id.isEmpty() ? QStringLiteral("Model %1").arg(index + 1)
                                     : QStringLiteral("Model \"%1\"").arg(id),
                        error);
    if (!value.isObject())
        r.fail("models", QStringLiteral("entry %1 must be an object.").arg(index + 1));
    ModelSpec spec;
    spec.id = r.string("id");
    spec.provider = r.string("provider");
    spec.label = r.string("label");
    if (r.has("description"))
        spec.description = r.string("description");
    readSizes(r, &spec, aspectRatios);
    spec.qualities = r.strings("qualities", false);
    if (r.has("styles"))
        spec.styles = r.strings("styles", true);
    spec.maxImages = int(r.wholeNumber("maxImages", 1));
    spec.maxPromptLength = int(r.wholeNumber("maxPromptLength", 1));
    readReferenceImages(r, &spec);
    if (r.has("options"))
        spec.options = r.strings("options", true);
    for (const QString &option : std::as_const(spec.options)) {
        const bool known = std::any_of(parameters.cbegin(), parameters.cend(),
                                       [&option](const ParameterSpec &p) { return p.name == option; });
        if (!known)
            r.fail("options", QStringLiteral("\"%1\" is not one of the catalog's parameters.").arg(option));
    }
    spec.streams = r.boolean("streams");
    spec.seeded = r.boolean("seeded");
    readPrices(r, &spec);
    return spec;
}

} // namespace

std::optional<ParsedCatalog> ModelCatalogParser::parse(const QByteArray &json,
                                                       const QStringList &aspectRatios, QString *error)
{
    QString problem;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        *error = QStringLiteral("The catalog is not valid JSON: %1 at offset %2.")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("The catalog must be a JSON object.");
        return std::nullopt;
    }
    const FieldReader r(document.object(), QStringLiteral("Catalog"), &problem);
    ParsedCatalog catalog;
    if (r.has("parameters")) {
        const QJsonObject parameters = r.nested("parameters").json();
        for (auto it = parameters.begin(); it != parameters.end(); ++it) {
            if (!it.value().isObject())
                r.fail(QStringLiteral("parameters.%1").arg(it.key()), QStringLiteral("must be an object."));
            catalog.parameters.append(readParameter(it.key(), it.value().toObject(), &problem));
        }
    }
    for (const ParameterSpec &parameter : std::as_const(catalog.parameters)) {
        for (const auto &needs : parameter.requirements) {
            for (auto need = needs.begin(); need != needs.end(); ++need) {
                const bool known =
                    std::any_of(catalog.parameters.cbegin(), catalog.parameters.cend(),
                                [&need](const ParameterSpec &p) { return p.name == need.key(); });
                if (!known)
                    r.fail(QStringLiteral("parameters.%1.requires").arg(parameter.name),
                           QStringLiteral("\"%1\" is not a parameter.").arg(need.key()));
            }
        }
    }
    const QJsonValue models = r.value("models");
    if (!models.isUndefined() && (!models.isArray() || models.toArray().isEmpty()))
        r.fail("models", QStringLiteral("must be a list of at least one model."));
    const QJsonArray array = models.toArray();
    QSet<QString> ids;
    for (int i = 0; i < array.size() && problem.isEmpty(); ++i) {
        ModelSpec spec = readModel(array.at(i), i, catalog.parameters, aspectRatios, &problem);
        if (ids.contains(spec.id))
            r.fail("models", QStringLiteral("the id \"%1\" is used twice.").arg(spec.id));
        ids.insert(spec.id);
        catalog.models.append(std::move(spec));
    }
    catalog.defaultModel = r.string("defaultModel");
    if (problem.isEmpty() && !ids.contains(catalog.defaultModel))
        r.fail("defaultModel", QStringLiteral("\"%1\" is not one of the models.").arg(catalog.defaultModel));
    if (!problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    return catalog;
}

} // namespace atelier
