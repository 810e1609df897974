#pragma once

#include <QImage>
#include <QSize>

namespace atelier::test {

// The pictures the fake server answers with, and the benchmarks decode.
class TestPicture
{
public:
    // A gradient under seeded tinted blocks: cheap to draw and encode, yet no two sizes look alike. With a
    // noise seed above 0, three to four bits of noise a channel on top, which leave PNG's filters little to
    // predict, as in real model output (about 1.4 MB as a 1024x1024 PNG); flat colours would flatter a
    // decoder.
    static QImage render(QSize size, int noiseSeed = 0);
    static QByteArray encoded(QSize size, const char *format, int noiseSeed = 0);
};

} // namespace atelier::test
