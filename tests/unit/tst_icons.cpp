#include "icons.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPalette>
#include <QSet>
#include <QTest>

namespace atelier {

namespace {

// Every line icon the window asks for by name.
const QStringList LineIcons = {
    QStringLiteral("generate"), QStringLiteral("cancel"),      QStringLiteral("retry"),
    QStringLiteral("delete"),   QStringLiteral("settings"),    QStringLiteral("profile"),
    QStringLiteral("add"),      QStringLiteral("rename"),      QStringLiteral("topup"),
    QStringLiteral("search"),   QStringLiteral("filter"),      QStringLiteral("copy"),
    QStringLiteral("folder"),   QStringLiteral("open"),        QStringLiteral("reuse"),
    QStringLiteral("image"),    QStringLiteral("placeholder"), QStringLiteral("warning"),
    QStringLiteral("error"),    QStringLiteral("done"),        QStringLiteral("pending"),
    QStringLiteral("running"),  QStringLiteral("stats"),       QStringLiteral("gallery"),
    QStringLiteral("queue"),    QStringLiteral("key"),         QStringLiteral("zoom-in"),
    QStringLiteral("zoom-out"), QStringLiteral("zoom-fit"),    QStringLiteral("clear"),
    QStringLiteral("offline"),  QStringLiteral("drop-image"),  QStringLiteral("shortcuts"),
    QStringLiteral("upload"),   QStringLiteral("export"),      QStringLiteral("pause"),
    QStringLiteral("resume"),   QStringLiteral("star-empty"),  QStringLiteral("favorite-off"),
    QStringLiteral("board"),    QStringLiteral("tag"),         QStringLiteral("variations"),
};

int paintedPixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            count += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
    }
    return count;
}

// The colours of the pixels the icon covers fully: edges are blended, so they are left out.
QSet<QRgb> solidColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            if (qAlpha(pixel) == 255)
                colours.insert(pixel & RGB_MASK);
        }
    }
    return colours;
}

QImage imageOf(const QIcon &icon, int size, QIcon::Mode mode = QIcon::Normal)
{
    return icon.pixmap(QSize(size, size), 1.0, mode).toImage().convertToFormat(QImage::Format_ARGB32);
}

QPalette paletteWith(const QColor &text, const QColor &disabledText, const QColor &highlightedText)
{
    QPalette palette;
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, disabledText);
    palette.setColor(QPalette::HighlightedText, highlightedText);
    return palette;
}

} // namespace

class IconsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void lineIconLoads_data();
    void lineIconLoads();
    void lineIconFollowsPalette_data();
    void lineIconFollowsPalette();
    void paletteChangeRepaints();
    void highDpiPixmapIsRenderedAtDeviceSize();
    void appIconKeepsItsColours();
    void everyIconFileIsKnown();
    void unknownNameIsNull();
};

void IconsTest::cleanup()
{
    QApplication::setPalette(QPalette());
}

void IconsTest::lineIconLoads_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : LineIcons)
        QTest::newRow(qPrintable(name)) << name;
}

void IconsTest::lineIconLoads()
{
    QFETCH(QString, name);
    const QIcon icon = Icons::icon(name);
    QVERIFY(!icon.isNull());
    for (const int size : {16, 24, 48}) {
        const QImage image = imageOf(icon, size);
        QCOMPARE(image.size(), QSize(size, size));
        // A line icon covers some of its square, never all of it.
        const int painted = paintedPixels(image);
        QVERIFY2(painted > size * size / 20,
                 qPrintable(QStringLiteral("%1 px: %2 painted").arg(size).arg(painted)));
        QVERIFY2(painted < size * size * 9 / 10,
                 qPrintable(QStringLiteral("%1 px: %2 painted").arg(size).arg(painted)));
    }
}

void IconsTest::lineIconFollowsPalette_data()
{
    lineIconLoads_data();
}

void IconsTest::lineIconFollowsPalette()
{
    QFETCH(QString, name);
    const QColor text(0x12, 0xa0, 0x34);
    const QColor disabledText(0x80, 0x80, 0x90);
    const QColor highlightedText(0xf0, 0x20, 0xc0);
    QApplication::setPalette(paletteWith(text, disabledText, highlightedText));

    const QIcon icon = Icons::icon(name);
    QCOMPARE(solidColours(imageOf(icon, 48, QIcon::Normal)), QSet<QRgb>{text.rgb() & RGB_MASK});
    QCOMPARE(solidColours(imageOf(icon, 48, QIcon::Active)), QSet<QRgb>{text.rgb() & RGB_MASK});
    QCOMPARE(solidColours(imageOf(icon, 48, QIcon::Disabled)), QSet<QRgb>{disabledText.rgb() & RGB_MASK});
    QCOMPARE(solidColours(imageOf(icon, 48, QIcon::Selected)), QSet<QRgb>{highlightedText.rgb() & RGB_MASK});
}

void IconsTest::paletteChangeRepaints()
{
    // The same QIcon, kept by a widget across a switch from a light to a dark desktop.
    const QIcon icon = Icons::icon(QStringLiteral("generate"));
    QApplication::setPalette(paletteWith(Qt::black, Qt::gray, Qt::white));
    QCOMPARE(solidColours(imageOf(icon, 24)), QSet<QRgb>{QColor(Qt::black).rgb() & RGB_MASK});
    QApplication::setPalette(paletteWith(Qt::white, Qt::gray, Qt::black));
    QCOMPARE(solidColours(imageOf(icon, 24)), QSet<QRgb>{QColor(Qt::white).rgb() & RGB_MASK});
}

void IconsTest::highDpiPixmapIsRenderedAtDeviceSize()
{
    const QPixmap pixmap = Icons::icon(QStringLiteral("search")).pixmap(QSize(24, 24), 2.0);
    QCOMPARE(pixmap.size(), QSize(48, 48));
    QCOMPARE(pixmap.devicePixelRatio(), 2.0);
    // Drawn at 48 px, not a 24 px pixmap scaled up: the lines keep the same share of the square.
    const int painted = paintedPixels(pixmap.toImage());
    const int paintedAt24 = paintedPixels(imageOf(Icons::icon(QStringLiteral("search")), 24));
    QVERIFY(painted < paintedAt24 * 4);
}

void IconsTest::appIconKeepsItsColours()
{
    QApplication::setPalette(paletteWith(Qt::black, Qt::gray, Qt::white));
    const QImage image = imageOf(Icons::icon(QStringLiteral("atelier")), 64);
    QVERIFY(paintedPixels(image) > 64 * 64 / 3);
    QVERIFY(solidColours(image).size() > 10);
}

void IconsTest::everyIconFileIsKnown()
{
    QStringList expected = LineIcons;
    // Coloured ones: the app icon, and the marks that read the same on any palette and picture.
    expected << QStringLiteral("atelier") << QStringLiteral("star") << QStringLiteral("favorite");
    QStringList files;
    for (const QString &file :
         QDir(QStringLiteral(":/icons")).entryList({QStringLiteral("*.svg")}, QDir::Files))
        files << file.chopped(4);
    expected.sort();
    files.sort();
    QCOMPARE(files, expected);
}

void IconsTest::unknownNameIsNull()
{
    QVERIFY(Icons::icon(QStringLiteral("no-such-icon")).isNull());
}

} // namespace atelier

QTEST_MAIN(atelier::IconsTest)
#include "tst_icons.moc"
