#include "mainwindow.h"
#include "studiofixture.h"

#include <QSplitter>
#include <QTest>

using namespace atelier;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void remembersItsLayout();
};

void TestMainWindow::remembersItsLayout()
{
    test::StudioFixture fixture;
    QList<int> sizes;
    {
        MainWindow window(fixture.context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({300, 700, 400});
        sizes = splitter->sizes();
        window.close();
    }
    MainWindow again(fixture.context);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
