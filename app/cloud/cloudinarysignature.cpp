#include "cloudinarysignature.h"

#include <QCryptographicHash>

#include <array>

namespace atelier {

bool CloudinarySignature::isSigned(const QString &name)
{
    static constexpr std::array<QLatin1String, 5> unsignedNames{
        QLatin1String("file"),    QLatin1String("cloud_name"), QLatin1String("resource_type"),
        QLatin1String("api_key"), QLatin1String("signature"),
    };
    for (const QLatin1String unsignedName : unsignedNames) {
        if (name == unsignedName)
            return false;
    }
    return true;
}

QByteArray CloudinarySignature::stringToSign(const QMap<QString, QString> &params)
{
    // QMap keeps its keys sorted, which is the order the rule asks for.
    QByteArray text;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.value().isEmpty() || !isSigned(it.key()))
            continue;
        if (!text.isEmpty())
            text += '&';
        text += it.key().toUtf8() + '=' + it.value().toUtf8();
    }
    return text;
}

QString CloudinarySignature::sign(const QMap<QString, QString> &params, const QString &apiSecret,
                                  Algorithm algorithm)
{
    const QCryptographicHash::Algorithm hash =
        algorithm == Algorithm::Sha256 ? QCryptographicHash::Sha256 : QCryptographicHash::Sha1;
    return QString::fromLatin1(
        QCryptographicHash::hash(stringToSign(params) + apiSecret.toUtf8(), hash).toHex());
}

} // namespace atelier
