#include "icons.h"

#include <QApplication>
#include <QFile>
#include <QIconEngine>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmapCache>
#include <QStyle>
#include <QStyleOption>
#include <QSvgRenderer>

#include <memory>

namespace atelier {

namespace {

// One parsed SVG, shared by the copies Qt makes of an icon (every QIcon copy may clone its engine).
struct SvgSource
{
    QString path;
    QSvgRenderer renderer;
    bool followsPalette = false;
};

// Renders an SVG at exactly the pixel size asked for (so high-DPI screens get sharp pixmaps, not scaled
// ones), painting `currentColor` line icons in the palette colour of the mode.
class PaletteSvgIconEngine final : public QIconEngine
{
public:
    explicit PaletteSvgIconEngine(std::shared_ptr<SvgSource> source) : m_source(std::move(source)) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap pixmap = this->pixmap(rect.size() * ratio, mode, state);
        pixmap.setDevicePixelRatio(ratio);
        painter->drawPixmap(rect, pixmap);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State) override
    {
        if (size.isEmpty())
            return {};
        const QColor colour = m_source->followsPalette ? paletteColour(mode) : QColor();
        // The colour is part of the key, so a palette change (light to dark) never hands back stale pixmaps.
        const QString key = QStringLiteral("atelier-icon:%1:%2x%3:%4:%5")
                                .arg(m_source->path)
                                .arg(size.width())
                                .arg(size.height())
                                .arg(colour.isValid() ? colour.rgba() : 0u)
                                .arg(static_cast<int>(mode));
        QPixmap pixmap;
        if (QPixmapCache::find(key, &pixmap))
            return pixmap;

        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        // Icons are square: a wider or taller request gets the icon centred, not stretched.
        const int side = qMin(size.width(), size.height());
        m_source->renderer.render(
            &painter, QRectF((size.width() - side) / 2.0, (size.height() - side) / 2.0, side, side));
        if (colour.isValid()) {
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(image.rect(), colour);
        }
        painter.end();
        pixmap = QPixmap::fromImage(std::move(image));

        // Coloured icons are greyed or highlighted the way the style does it for any other pixmap.
        if (!colour.isValid() && mode != QIcon::Normal &&
            qobject_cast<QApplication *>(QCoreApplication::instance())) {
            QStyleOption option;
            option.palette = QApplication::palette();
            pixmap = QApplication::style()->generatedIconPixmap(mode, pixmap, &option);
        }
        QPixmapCache::insert(key, pixmap);
        return pixmap;
    }

    QIconEngine *clone() const override { return new PaletteSvgIconEngine(m_source); }

    QString key() const override { return QStringLiteral("AtelierPaletteSvg"); }

private:
    static QColor paletteColour(QIcon::Mode mode)
    {
        const QPalette palette = QGuiApplication::palette();
        switch (mode) {
        case QIcon::Disabled:
            return palette.color(QPalette::Disabled, QPalette::WindowText);
        case QIcon::Selected:
            return palette.color(QPalette::Active, QPalette::HighlightedText);
        case QIcon::Normal:
        case QIcon::Active:
            break;
        }
        return palette.color(QPalette::Active, QPalette::WindowText);
    }

    std::shared_ptr<SvgSource> m_source;
};

} // namespace

QIcon Icons::icon(const QString &name)
{
    auto source = std::make_shared<SvgSource>();
    source->path = QStringLiteral(":/icons/%1.svg").arg(name);
    QFile file(source->path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll();
    if (!source->renderer.load(svg))
        return {};
    source->followsPalette = svg.contains("currentColor");
    return QIcon(new PaletteSvgIconEngine(std::move(source)));
}

} // namespace atelier
