#include "offlinerenderer.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImageWriter>
#include <QLinearGradient>
#include <QList>
#include <QPainter>
#include <QRadialGradient>
#include <QTextLayout>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace atelier {

namespace {

// splitmix64: a tiny generator whose sequence is the same on every platform and Qt version, which
// QRandomGenerator does not promise.
class Random
{
public:
    explicit Random(quint64 seed) : m_state(seed) {}

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // In [0, 1).
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    // In [low, high).
    int between(int low, int high) { return low + int(next() % quint64(high - low)); }

private:
    quint64 m_state;
};

int shapeCount(const QString &quality)
{
    if (quality == QLatin1String("low"))
        return 6;
    if (quality == QLatin1String("high") || quality == QLatin1String("hd"))
        return 28;
    return 14;
}

// Text needs the font database, which Qt builds only for a QGuiApplication (and aborts without one).
bool canDrawText()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

void drawShapes(QPainter &painter, Random &random, QSizeF size, int hue, int count)
{
    const double unit = std::min(size.width(), size.height());
    painter.setPen(Qt::NoPen);
    for (int i = 0; i < count; ++i) {
        // One random draw per statement: the order in which arguments are evaluated is unspecified, and the
        // picture must not depend on the compiler.
        const int shapeHue = (hue + random.between(0, 360)) % 360;
        const int saturation = random.between(60, 200);
        const int value = random.between(150, 256);
        const int alpha = random.between(40, 140);
        const QColor colour = QColor::fromHsv(shapeHue, saturation, value, alpha);
        const double x = random.unit() * size.width();
        const double y = random.unit() * size.height();
        const QPointF centre(x, y);
        const double radius = unit * (0.04 + random.unit() * 0.22);
        if (random.between(0, 3) != 0) {
            // A soft disc: full colour in the middle, fading out at the edge.
            QRadialGradient soft(centre, radius);
            QColor edge = colour;
            edge.setAlpha(0);
            soft.setColorAt(0, colour);
            soft.setColorAt(0.6, colour);
            soft.setColorAt(1, edge);
            painter.setBrush(soft);
            painter.drawEllipse(centre, radius, radius);
        } else {
            const double height = radius * (1 + random.unit());
            const double angle = random.unit() * 180;
            painter.save();
            painter.translate(centre);
            painter.rotate(angle);
            painter.setBrush(colour);
            painter.drawRoundedRect(QRectF(-radius, -height / 2, 2 * radius, height), radius * 0.3,
                                    radius * 0.3);
            painter.restore();
        }
    }
}

// The prompt, wrapped at word boundaries and cut with an ellipsis when it does not fit the area.
void drawWrapped(QPainter &painter, const QString &text, const QRectF &area)
{
    const QFontMetricsF metrics(painter.font());
    const double lineSpacing = metrics.lineSpacing();
    const int maxLines = std::max(1, int(area.height() / lineSpacing));
    QTextLayout layout(text, painter.font());
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    QList<QTextLine> lines;
    layout.beginLayout();
    while (lines.size() < maxLines) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(area.width());
        line.setPosition(QPointF(0, lines.size() * lineSpacing));
        lines.append(line);
    }
    layout.endLayout();
    if (lines.isEmpty())
        return;
    const QPointF origin(area.left(), area.top() + (area.height() - lines.size() * lineSpacing) / 2);
    const QTextLine &last = lines.constLast();
    const bool cut = last.textStart() + last.textLength() < text.size();
    for (qsizetype i = 0; i < lines.size() - (cut ? 1 : 0); ++i)
        lines.at(i).draw(&painter, origin);
    if (cut) {
        const QString rest = metrics.elidedText(text.mid(last.textStart()), Qt::ElideRight, area.width());
        painter.drawText(origin + QPointF(0, last.position().y() + metrics.ascent()), rest);
    }
}

void drawCaption(QPainter &painter, const QString &prompt, QSizeF size)
{
    const double unit = std::min(size.width(), size.height());
    const double margin = std::max(4.0, unit * 0.04);

    const QRectF band(0, size.height() * 2 / 3, size.width(), size.height() / 3);
    painter.fillRect(band, QColor(0, 0, 0, 110));
    QFont font;
    font.setPixelSize(std::max(8, int(size.height() / 22)));
    painter.setFont(font);
    painter.setPen(QColor(255, 255, 255, 235));
    drawWrapped(painter, prompt.simplified(), band.adjusted(margin, margin, -margin, -margin));

    const QString mark = QStringLiteral("Preview \u00B7 no AI");
    QFont markFont;
    markFont.setPixelSize(std::max(7, int(size.height() / 40)));
    const QFontMetricsF metrics(markFont);
    const double padding = metrics.height() * 0.4;
    QRectF badge(0, 0, metrics.horizontalAdvance(mark) + 2 * padding, metrics.height() + padding);
    badge.moveTopRight(QPointF(size.width() - margin, margin));
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 120));
    painter.drawRoundedRect(badge, padding, padding);
    painter.setFont(markFont);
    painter.setPen(QColor(255, 255, 255, 230));
    painter.drawText(badge, Qt::AlignCenter, mark);
}

QByteArray encodePng(const QImage &image)
{
    if (image.isNull())
        return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!writer.write(image))
        return {};
    return bytes;
}

} // namespace

QImage OfflineRenderer::render(const QString &prompt, quint32 seed, QSize size, const QString &quality)
{
    if (size.isEmpty())
        return {};
    Random random((quint64(promptHash(prompt)) << 32) | seed);
    const QSizeF area(size);

    const int hue = random.between(0, 360);
    const int fromSaturation = random.between(90, 170);
    const int fromValue = random.between(200, 250);
    const int toHue = (hue + random.between(90, 270)) % 360;
    const int toSaturation = random.between(120, 220);
    const int toValue = random.between(60, 140);
    const QColor from = QColor::fromHsv(hue, fromSaturation, fromValue);
    const QColor to = QColor::fromHsv(toHue, toSaturation, toValue);
    const double angle = random.unit() * 2 * std::numbers::pi;
    const QPointF centre(area.width() / 2, area.height() / 2);
    const QPointF reach = QPointF(std::cos(angle), std::sin(angle)) * std::hypot(centre.x(), centre.y());
    QLinearGradient gradient(centre - reach, centre + reach);
    gradient.setColorAt(0, from);
    gradient.setColorAt(1, to);

    QImage image(size, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(QRectF(QPointF(0, 0), area), gradient);
    drawShapes(painter, random, area, hue, shapeCount(quality));
    // Below this size the writing would be an unreadable smudge.
    if (size.width() >= 64 && size.height() >= 64 && canDrawText())
        drawCaption(painter, prompt, area);
    painter.end();
    return image;
}

QByteArray OfflineRenderer::renderPng(const QString &prompt, quint32 seed, QSize size, const QString &quality)
{
    return encodePng(render(prompt, seed, size, quality));
}

QByteArray OfflineRenderer::placeholderPng()
{
    static const QByteArray png = [] {
        QImage image(8, 8, QImage::Format_RGB32);
        image.fill(QColor(0x80, 0x80, 0x90));
        return encodePng(image);
    }();
    return png;
}

quint32 OfflineRenderer::promptHash(const QString &prompt)
{
    quint32 hash = 2166136261U;
    for (const char byte : prompt.toUtf8()) {
        hash ^= quint8(byte);
        hash *= 16777619U;
    }
    return hash;
}

} // namespace atelier
