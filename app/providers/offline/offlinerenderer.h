#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace atelier {

// The picture the offline preview makes: a pure function of (prompt, seed, size, quality), safe to call from
// any thread. Colours and shapes come from a hash of the prompt and the seed; the prompt is written on it,
// with a "Preview - no AI" mark, so nobody mistakes it for a model's output. Text needs fonts, which Qt only
// offers under a QGuiApplication: in a QCoreApplication-only process the picture comes without the writing.
class OfflineRenderer
{
public:
    static QImage render(const QString &prompt, quint32 seed, QSize size, const QString &quality);
    static QByteArray renderPng(const QString &prompt, quint32 seed, QSize size, const QString &quality);
    // A tiny fixed PNG, encoded once: what the provider hands back when it is told not to render.
    static QByteArray placeholderPng();
    // A hash of the prompt that is the same in every run (FNV-1a over its UTF-8 bytes), unlike qHash's seeded
    // one.
    static quint32 promptHash(const QString &prompt);
};

} // namespace atelier
