// A program that saves one large result through ImageLibrary, for tst_atomicwrite to kill part-way.
// Usage: atelier-atomic-write-child <library root>
// Prints "ready" just before the save starts and "saved <ms> <path>" when it has finished, so the test can
// time its kill from the moment the writing begins without sleeping.
#include "storage/imagelibrary.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>

#include <cstdio>

using namespace atelier;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() != 2) {
        std::fputs("usage: atelier-atomic-write-child <root>\n", stderr);
        return 2;
    }

    // About 27 MB of BMP: large enough that writing it takes a while, cheap to decode, and the same bytes on
    // every run so the test can compare what survived with a run that was left to finish.
    QImage image(3000, 3000, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x)
            line[x] = qRgb(x & 0xff, y & 0xff, (x ^ y) & 0xff);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "bmp"))
        return 3;

    GenerationSidecar sidecar;
    sidecar.generationId = 1234;
    sidecar.request.profileId = 5;
    sidecar.request.prompt = QStringLiteral("a very large lighthouse");
    sidecar.createdAt = QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    sidecar.finishedAt = sidecar.createdAt.addSecs(30);

    const ImageLibrary library(app.arguments().at(1));
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    QElapsedTimer timer;
    timer.start();
    const SavedImages saved = library.save(sidecar, {{bytes, QStringLiteral("bmp")}});
    if (!saved.error.message.isEmpty() || saved.paths.size() != 1) {
        std::fprintf(stderr, "%s\n", qPrintable(saved.error.message));
        return 1;
    }
    std::printf("saved %lld %s\n", static_cast<long long>(timer.elapsed()), qPrintable(saved.paths.first()));
    std::fflush(stdout);
    return 0;
}
