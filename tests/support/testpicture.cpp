#include "testpicture.h"

#include <QBuffer>
#include <QList>
#include <QRandomGenerator>

#include <algorithm>

namespace atelier::test {

QImage TestPicture::render(QSize size, int noiseSeed)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator random(quint32(size.width()) * 31 + quint32(size.height()));
    constexpr int block = 64;
    const int columns = (size.width() + block - 1) / block;
    QList<int> tints(columns * ((size.height() + block - 1) / block));
    for (int &tint : tints)
        tint = random.bounded(256);
    QRandomGenerator noise{quint32(noiseSeed)};
    const auto jitter = [](int value, quint32 bits) {
        return std::clamp(value + int(bits & 15) - 8, 0, 255);
    };
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const int red = x * 255 / size.width();
            const int green = y * 255 / size.height();
            const int blue = tints.at((y / block) * columns + x / block);
            if (noiseSeed <= 0) {
                line[x] = qRgb(red, green, blue);
                continue;
            }
            const quint32 bits = noise.generate();
            line[x] = qRgb(jitter(red, bits), jitter(green, bits >> 4), jitter(blue, bits >> 8));
        }
    }
    return image;
}

QByteArray TestPicture::encoded(QSize size, const char *format, int noiseSeed)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    render(size, noiseSeed).save(&buffer, format);
    return bytes;
}

} // namespace atelier::test
