#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace atelier {

// The picture the offline preview makes: a pure function of (prompt, seed, size, quality), safe to call from any
// thread. Colours and shapes come from a hash of the prompt and the seed; the prompt is written on it, with a
// "Preview - no AI" mark, so nobody mistakes it for a model's output.
class OfflineRenderer
{
public:
    static QImage render(const QString &prompt, quint32 seed, QSize size, const QString &quality);
    static QByteArray renderPng(const QString &prompt, quint32 seed, QSize size, const QString &quality);
};

} // namespace atelier
