#include "prompt/referenceimagestrip.h"

#include <QDropEvent>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace atelier;

class TestReferenceImageStrip : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void takesDroppedImagesAndRefusesOtherFiles();
    void deleteKeyRemovesTheSelection();

private:
    QTemporaryDir m_dir;
    QString image(const QString &name)
    {
        QImage picture(40, 30, QImage::Format_RGB32);
        picture.fill(Qt::darkGreen);
        const QString path = m_dir.filePath(name);
        picture.save(path);
        return path;
    }
};

void TestReferenceImageStrip::takesDroppedImagesAndRefusesOtherFiles()
{
    ReferenceImageStrip strip(QStringLiteral("Product"));
    strip.show();
    const QString photo = image(QStringLiteral("bag.png"));
    const QString notes = m_dir.filePath(QStringLiteral("notes.png"));
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an image at all");
    file.close();

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(photo), QUrl::fromLocalFile(notes), QUrl::fromLocalFile(photo)});
    QSignalSpy changed(&strip, &ReferenceImageStrip::pathsChanged);
    // What a file manager's drag delivers: an enter, then the drop.
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&strip, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&strip, &drop);
    QCOMPARE(strip.paths(), QStringList{photo}); // once, and the text file left out
    QCOMPARE(changed.size(), 1);
    const auto labels = strip.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *label) {
        return label->isVisible() && label->text().contains(QStringLiteral("Not an image: notes.png"));
    }));
    // The thumbnail replaces the placeholder once it is decoded off the GUI thread.
    auto *list = strip.findChild<QListWidget *>();
    const QImage placeholder = list->item(0)->icon().pixmap(56, 56).toImage();
    QTRY_VERIFY(list->item(0)->icon().pixmap(56, 56).toImage() != placeholder);
}

void TestReferenceImageStrip::deleteKeyRemovesTheSelection()
{
    ReferenceImageStrip strip(QStringLiteral("Model"));
    const QString first = image(QStringLiteral("a.png"));
    const QString second = image(QStringLiteral("b.jpg"));
    strip.setPaths({first, second});
    auto *list = strip.findChild<QListWidget *>();
    list->item(0)->setSelected(true);
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(strip.paths(), QStringList{second});
    QCOMPARE(list->count(), 1);
}

QTEST_MAIN(TestReferenceImageStrip)
#include "tst_referenceimagestrip.moc"
