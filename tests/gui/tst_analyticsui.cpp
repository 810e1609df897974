#include "domain/analyticscsv.h"
#include "stats/analyticspanel.h"
#include "stats/csvexportbutton.h"
#include "stats/eventlogpanel.h"
#include "studiofixture.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace atelier;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString text(const QTableView *table, int row, int column)
{
    return table->model()->index(row, column).data().toString();
}

} // namespace

// The Analytics page: per model and per day over a chosen period, the event log filtered, and each table
// written as the CSV the CLI writes.
class TestAnalyticsUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tablesShowThePeriodAndExportAsCsv();
    void eventLogFiltersAndExports();
};

void TestAnalyticsUi::tablesShowThePeriodAndExportAsCsv()
{
    test::StudioFixture f;
    f.service().start();
    QVERIFY(f.makeOffline(QStringLiteral("a red fox")).id > 0);
    QVERIFY(f.makeOffline(QStringLiteral("a blue fox")).id > 0);
    AnalyticsPanel panel(f.context);
    panel.show();
    const QDate today = QDateTime::fromMSecsSinceEpoch(f.engine.clock.nowMs(), Qt::UTC).date();
    panel.setPeriod(today.addDays(-6), today);

    QTableView *models = panel.modelTable();
    QCOMPARE(models->model()->rowCount(), 1);
    QCOMPARE(text(models, 0, 0), QStringLiteral("Offline preview (no AI)"));
    QCOMPARE(text(models, 0, 1), QStringLiteral("2"));
    QCOMPARE(text(models, 0, 2), QStringLiteral("100.0 %"));
    QTableView *days = panel.dayTable();
    QCOMPARE(days->model()->rowCount(), 7); // every day of the period, empty ones too, newest first
    QCOMPARE(days->model()->index(0, 1).data().toString(), QStringLiteral("2"));
    QCOMPARE(days->model()->index(6, 1).data().toString(), QStringLiteral("0"));

    // Exported as the CLI writes it.
    QTemporaryDir dir;
    const QString modelsCsv = dir.filePath(QStringLiteral("models.csv"));
    QVERIFY(panel.modelExport()->save(modelsCsv));
    QCOMPARE(contents(modelsCsv), AnalyticsCsv::byModel(panel.analytics()));
    QVERIFY(contents(modelsCsv).startsWith("model,jobs,completed,failed,cancelled,success_rate"));
    QVERIFY(contents(modelsCsv).contains("\r\noffline,2,2,0,0,1,"));
    const QString daysCsv = dir.filePath(QStringLiteral("days.csv"));
    QVERIFY(panel.dayExport()->save(daysCsv));
    QCOMPARE(contents(daysCsv).count("\r\n"), 8);
    // A folder that is not there: said, nothing written.
    QSignalSpy failed(panel.dayExport(), &CsvExportButton::failed);
    QVERIFY(!panel.dayExport()->save(dir.filePath(QStringLiteral("missing/days.csv"))));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("missing")));

    // An empty period: no model, every day zero.
    panel.setPeriod(today.addDays(-400), today.addDays(-300));
    QCOMPARE(models->model()->rowCount(), 0);
    QCOMPARE(days->model()->rowCount(), 101);

    // A day typed into the period's start is read a moment later.
    const QList<QDateEdit *> edits = panel.findChildren<QDateEdit *>();
    QCOMPARE(edits.size(), 2);
    QDateEdit *from = edits.first()->date() < edits.last()->date() ? edits.first() : edits.last();
    from->setDate(today.addDays(-320));
    QTRY_COMPARE(days->model()->rowCount(), 21);
}

void TestAnalyticsUi::eventLogFiltersAndExports()
{
    test::StudioFixture f;
    f.service().start();
    const Generation made = f.makeOffline(QStringLiteral("a red fox"));
    QVERIFY(!f.service().setRating({made.id}, f.profile.id(), 4).isError());
    GenerationError error;
    QVERIFY(f.service().createBoard(f.profile.id(), QStringLiteral("Moodboard 50%_off"), &error));
    EventLogPanel panel(f.context);
    panel.show();
    QTRY_VERIFY(!panel.events().isEmpty());
    const qsizetype all = panel.events().size();
    QCOMPARE(panel.table()->model()->rowCount(), all);
    QCOMPARE(text(panel.table(), 0, 2), QStringLiteral("board_created")); // newest first

    QComboBox *kind = panel.kindFilter();
    kind->setCurrentIndex(kind->findData(QStringLiteral("rated")));
    QCOMPARE(panel.events().size(), 1);
    QCOMPARE(text(panel.table(), 0, 3), QStringLiteral("#%1").arg(made.id));
    QVERIFY(text(panel.table(), 0, 4).contains(QStringLiteral("\"rating\":4")));
    kind->setCurrentIndex(0);

    // Words are matched as typed: % and _ are characters, not wildcards.
    QTest::keyClicks(panel.textFilter(), QStringLiteral("50%_"));
    QTRY_COMPARE(panel.events().size(), 1);
    QCOMPARE(panel.events().first().kind, QStringLiteral("board_created"));
    panel.textFilter()->setText(QStringLiteral("5_%"));
    QTRY_COMPARE(panel.table()->model()->rowCount(), 0);
    panel.textFilter()->clear();
    QTRY_COMPARE(panel.events().size(), all);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(panel.exportButton()->save(path));
    const QByteArray csv = contents(path);
    QVERIFY(csv.startsWith("at,actor,kind,generation,details\r\n"));
    QCOMPARE(csv.count("\r\n"), all + 1);
}

QTEST_MAIN(TestAnalyticsUi)
#include "tst_analyticsui.moc"
