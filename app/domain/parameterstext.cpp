#include "parameterstext.h"

#include "generationsidecar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

namespace atelier {

namespace {

const QString kNegative = QStringLiteral("Negative prompt: ");
constexpr int kMinimumPairs = 3;

// A prompt line those tools would take for the start of the negative prompt (they compare the line without
// its surrounding spaces), with the zero-width spaces already after "Negative" captured.
const QRegularExpression kNegativeLike(QStringLiteral("^\\s*Negative(\\x{200B}*) prompt:"));
const QChar kZeroWidthSpace(0x200B);

// A prompt line as written: one more zero-width space after "Negative" when it looks like the negative
// prompt's start, so no reader takes it for one; escaped(unescaped(line)) gives the line back.
QString escaped(const QString &line)
{
    const QRegularExpressionMatch match = kNegativeLike.match(line);
    return match.hasMatch() ? QString(line).insert(match.capturedStart(1), kZeroWidthSpace) : line;
}

QString unescaped(const QString &line)
{
    const QRegularExpressionMatch match = kNegativeLike.match(line);
    return match.hasMatch() && match.capturedLength(1) > 0 ? QString(line).remove(match.capturedStart(1), 1)
                                                           : line;
}

QString quoted(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char(':')) &&
        !value.contains(QLatin1Char('\n')) && !value.startsWith(QLatin1Char('"')) && value == value.trimmed())
        return value;
    // A JSON array of one string, without its brackets: the string in JSON's quoting.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

// The pairs of one line, or nothing when the line does not read as pairs from start to end.
std::optional<QList<std::pair<QString, QString>>> pairs(const QString &line)
{
    QList<std::pair<QString, QString>> result;
    qsizetype at = 0;
    const qsizetype end = line.size();
    const auto skipSpaces = [&] {
        while (at < end && line.at(at).isSpace())
            ++at;
    };
    while (true) {
        skipSpaces();
        if (at == end)
            break;
        const qsizetype colon = line.indexOf(QLatin1Char(':'), at);
        if (colon < 0)
            return std::nullopt;
        const QString key = line.mid(at, colon - at).trimmed();
        if (key.isEmpty() || key.contains(QLatin1Char(',')) || key.contains(QLatin1Char('"')))
            return std::nullopt;
        at = colon + 1;
        skipSpaces();
        QString value;
        if (at < end && line.at(at) == QLatin1Char('"')) {
            qsizetype close = at + 1;
            while (close < end && line.at(close) != QLatin1Char('"'))
                close += line.at(close) == QLatin1Char('\\') ? 2 : 1;
            if (close >= end)
                return std::nullopt;
            const QJsonDocument json = QJsonDocument::fromJson(
                QByteArray("[") + line.mid(at, close + 1 - at).toUtf8() + QByteArray("]"));
            if (!json.isArray())
                return std::nullopt;
            value = json.array().at(0).toString();
            at = close + 1;
            skipSpaces();
        } else {
            const qsizetype comma = line.indexOf(QLatin1Char(','), at);
            const qsizetype stop = comma < 0 ? end : comma;
            value = line.mid(at, stop - at).trimmed();
            at = stop;
        }
        if (at < end && line.at(at) != QLatin1Char(','))
            return std::nullopt;
        if (at < end)
            ++at;
        result.append({key, value});
    }
    return result;
}

} // namespace

QString ParametersText::value(const QString &key) const
{
    for (const auto &[name, value] : fields) {
        if (name == key)
            return value;
    }
    return {};
}

bool ParametersText::has(const QString &key) const
{
    return std::any_of(fields.cbegin(), fields.cend(),
                       [&key](const auto &field) { return field.first == key; });
}

QString ParametersText::toText() const
{
    QStringList lines;
    for (const QString &line : prompt.split(QLatin1Char('\n')))
        lines.append(escaped(line));
    if (!negativePrompt.isEmpty())
        lines.append(kNegative + negativePrompt);
    QStringList parts;
    for (const auto &[key, value] : fields)
        parts.append(key + QStringLiteral(": ") + quoted(value));
    if (!parts.isEmpty())
        lines.append(parts.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

ParametersText ParametersText::parse(const QString &text)
{
    ParametersText result;
    QStringList lines =
        QString(text).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    if (!lines.isEmpty()) {
        const auto last = pairs(lines.constLast());
        if (last && last->size() >= kMinimumPairs) {
            result.fields = *last;
            lines.removeLast();
        }
    }
    QStringList prompt;
    QStringList negative;
    bool inNegative = false;
    for (const QString &line : std::as_const(lines)) {
        if (!inNegative && line.trimmed().startsWith(kNegative.trimmed())) {
            inNegative = true;
            negative.append(line.trimmed().mid(kNegative.trimmed().size()).trimmed());
        } else {
            (inNegative ? negative : prompt).append(inNegative ? line : unescaped(line));
        }
    }
    result.prompt = prompt.join(QLatin1Char('\n')).trimmed();
    result.negativePrompt = negative.join(QLatin1Char('\n')).trimmed();
    return result;
}

ParametersText ParametersText::fromSidecar(const GenerationSidecar &sidecar)
{
    ParametersText text;
    const GenerationRequest &request = sidecar.request;
    text.prompt = request.fullPrompt();
    if (sidecar.seed)
        text.fields.append({QStringLiteral("Seed"), QString::number(*sidecar.seed)});
    if (!sidecar.size.isEmpty() && sidecar.size != QLatin1String("auto"))
        text.fields.append({QStringLiteral("Size"), sidecar.size});
    text.fields.append({QStringLiteral("Model"), request.model});
    if (!request.quality.isEmpty())
        text.fields.append({QStringLiteral("Quality"), request.quality});
    if (!request.style.isEmpty())
        text.fields.append({QStringLiteral("Style"), request.style});
    text.fields.append({QStringLiteral("Aspect ratio"), request.aspectRatio});
    text.fields.append({QStringLiteral("Provider"), sidecar.provider});
    return text;
}

} // namespace atelier
