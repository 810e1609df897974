#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

namespace atelier {

// Cloudinary's request signature (https://cloudinary.com/documentation/authentication_signatures): the
// parameters sent, minus the ones the rule leaves out, with empty values dropped, sorted by name and joined
// as name=value with '&'; the API secret appended; the hexadecimal SHA-1 or SHA-256 digest of the whole.
// A parameter that holds a list (tags) is signed as its comma-separated text, the same text that is sent.
class CloudinarySignature final
{
public:
    enum class Algorithm
    {
        Sha1, // what the SDKs use unless told otherwise
        Sha256,
    };

    // The text whose digest is the signature, without the secret.
    static QByteArray stringToSign(const QMap<QString, QString> &params);
    static QString sign(const QMap<QString, QString> &params, const QString &apiSecret, Algorithm algorithm);

    // Whether a parameter of this name is part of the signature: not file, cloud_name, resource_type or
    // api_key (the documented exceptions), nor the signature itself.
    static bool isSigned(const QString &name);
};

} // namespace atelier
