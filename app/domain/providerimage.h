#pragma once

#include <QByteArray>
#include <QString>

namespace atelier {

// One image exactly as a provider returned it: the bytes are kept as they came, byte for byte.
struct ProviderImage
{
    QByteArray bytes;
    QString format; // png, jpeg, webp: what the provider says; the library checks it by decoding
};

} // namespace atelier
