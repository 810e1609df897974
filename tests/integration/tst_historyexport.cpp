#include "engine/historyexport.h"
#include "enginefixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace atelier;
using namespace atelier::test;

// The history as CSV and JSON through the service: every matching row, quoted as RFC 4180 asks, with
// spreadsheet formulas kept from running.
class TestHistoryExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void csvQuotesAndGuardsCells();
    void jsonHoldsTheSameFields();
    void readsEveryRowInPages();
    void followsTheFilters();
    void refusesAndWritesNothing();

private:
    qint64 generate(const QString &prompt, const QString &customPrompt = {});
    ExportReport exported(HistoryFormat format, const QString &target, const HistoryQuery &query = {},
                          bool overwrite = false);
    static QByteArray contents(const QString &path);
    // RFC 4180 read back: rows of cells, quotes undone.
    static QList<QStringList> parseCsv(const QByteArray &bytes);

    std::unique_ptr<EngineFixture> m_f;
    qint64 m_alice = 0;
};

void TestHistoryExport::init()
{
    m_f = std::make_unique<EngineFixture>();
    m_alice = m_f->addProfile(QStringLiteral("alice"));
    m_f->service->start();
}

void TestHistoryExport::cleanup()
{
    m_f.reset();
}

qint64 TestHistoryExport::generate(const QString &prompt, const QString &customPrompt)
{
    GenerationRequest request = m_f->request(m_alice, prompt);
    request.customPrompt = customPrompt;
    const qint64 id = m_f->service->generateImage(request).id;
    const bool ended =
        QTest::qWaitFor([&] { return id > 0 && isTerminal(m_f->generation(id).status); }, 5000);
    m_f->clock.advance(1000); // distinct creation times, so the order is plain
    return ended ? id : 0;
}

ExportReport TestHistoryExport::exported(HistoryFormat format, const QString &target,
                                         const HistoryQuery &query, bool overwrite)
{
    const QFuture<ExportReport> future =
        m_f->service->exportHistory(m_alice, query, format, target, overwrite);
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10'000) || future.isCanceled())
        return {};
    return future.result();
}

QByteArray TestHistoryExport::contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QStringList> TestHistoryExport::parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                cell += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(cell);
            cell.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(cell);
            rows.append(row);
            row.clear();
            cell.clear();
            ++i;
        } else {
            cell += c;
        }
    }
    return rows;
}

void TestHistoryExport::csvQuotesAndGuardsCells()
{
    const QStringList prompts{
        QStringLiteral("plain words"), QStringLiteral("a fox, in snow"), QStringLiteral("a \"quoted\" word"),
        QStringLiteral("two\nlines"),  QStringLiteral("=1+1"),           QStringLiteral("+cmd|' /C calc'!A0"),
        QStringLiteral("-2+3"),        QStringLiteral("@SUM(A1:A2)"),    QStringLiteral("\tindented"),
        QStringLiteral("\rreturned")};
    QHash<qint64, QString> byId;
    for (const QString &prompt : prompts)
        byId.insert(generate(prompt, QStringLiteral("=house style")), prompt);
    m_f->provider->script({ScriptedProvider::fail(GenerationError::make(
        GenerationError::Category::InvalidRequest, QStringLiteral("refused, \"politely\"")))});
    const qint64 failed = generate(QStringLiteral("refused one"));

    const QString target = m_f->dir.filePath(QStringLiteral("history.csv"));
    const ExportReport report = exported(HistoryFormat::Csv, target);
    QVERIFY2(report.succeeded(), qPrintable(report.error.message));
    QCOMPARE(report.rows, prompts.size() + 1);
    const QByteArray bytes = contents(target);
    QVERIFY(
        bytes.startsWith("id,created_at,finished_at,status,model,provider,prompt,custom_prompt,size,quality,"
                         "style,image_count,duration_ms,tokens_reserved,tokens_charged,error_category,"
                         "error_message,files,cloud_state,secure_urls\r\n"));
    QVERIFY(bytes.contains(",\"a fox, in snow\","));
    QVERIFY(bytes.contains(",\"a \"\"quoted\"\" word\","));
    QVERIFY(bytes.contains(",\"two\nlines\","));
    QVERIFY(bytes.contains(",'=1+1,"));

    const QList<QStringList> rows = parseCsv(bytes);
    QCOMPARE(rows.size(), prompts.size() + 2);
    QCOMPARE(rows.first(), HistoryExport::columns());
    const int promptColumn = int(HistoryExport::columns().indexOf(QStringLiteral("prompt")));
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &row = rows.at(i);
        QCOMPARE(row.size(), HistoryExport::columns().size());
        const qint64 id = row.at(0).toLongLong();
        if (id == failed) {
            QCOMPARE(row.at(3), QStringLiteral("failed"));
            QCOMPARE(row.at(15), QStringLiteral("invalid_request"));
            QCOMPARE(row.at(16), QStringLiteral("refused, \"politely\""));
            QCOMPARE(row.at(17), QString());
            continue;
        }
        const QString prompt = byId.value(id);
        const bool formula = QStringLiteral("=+-@\t\r").contains(prompt.front());
        QCOMPARE(row.at(promptColumn), formula ? QLatin1Char('\'') + prompt : prompt);
        QCOMPARE(row.at(promptColumn + 1), QStringLiteral("'=house style"));
        const Generation generation = m_f->generation(id);
        QCOMPARE(row.at(1), generation.createdAt.toUTC().toString(Qt::ISODateWithMs));
        QVERIFY(row.at(1).endsWith(QLatin1Char('Z')));
        QCOMPARE(row.at(3), QStringLiteral("completed"));
        QCOMPARE(row.at(17), generation.resultPaths.join(QLatin1Char(';')));
        QCOMPARE(row.at(14), QString::number(generation.tokensCharged));
    }
    // Newest first, as the history shows it.
    QCOMPARE(rows.at(1).at(0).toLongLong(), failed);
}

void TestHistoryExport::jsonHoldsTheSameFields()
{
    const qint64 id = generate(QStringLiteral("=1+1, and \"more\""));
    m_f->provider->script({ScriptedProvider::hang()});
    const qint64 running = m_f->service->generateImage(m_f->request(m_alice, QStringLiteral("waiting"))).id;
    QTRY_COMPARE(m_f->generation(running).status, GenerationStatus::Processing);

    const QString target = m_f->dir.filePath(QStringLiteral("history.json"));
    const ExportReport report = exported(HistoryFormat::Json, target);
    QVERIFY2(report.succeeded(), qPrintable(report.error.message));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(contents(target), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray rows = document.array();
    QCOMPARE(rows.size(), 2);
    const QStringList columns = HistoryExport::columns();
    for (const QJsonValue &value : rows) {
        QStringList keys = value.toObject().keys();
        QStringList expected = columns;
        keys.sort();
        expected.sort();
        QCOMPARE(keys, expected);
    }
    const QJsonObject open = rows.at(0).toObject();
    QCOMPARE(open[QStringLiteral("id")].toInteger(), running);
    QCOMPARE(open[QStringLiteral("status")].toString(), QStringLiteral("processing"));
    QVERIFY(open[QStringLiteral("finished_at")].isNull());
    QVERIFY(open[QStringLiteral("duration_ms")].isNull());
    QVERIFY(open[QStringLiteral("error_category")].isNull());
    const QJsonObject done = rows.at(1).toObject();
    const Generation generation = m_f->generation(id);
    QCOMPARE(done[QStringLiteral("prompt")].toString(),
             QStringLiteral("=1+1, and \"more\"")); // JSON runs nothing
    QCOMPARE(done[QStringLiteral("files")].toArray().first().toString(), generation.resultPaths.first());
    QCOMPARE(done[QStringLiteral("finished_at")].toString(),
             generation.finishedAt.toUTC().toString(Qt::ISODateWithMs));
    QCOMPARE(done[QStringLiteral("duration_ms")].toInteger(), generation.processingMs());
    QCOMPARE(done[QStringLiteral("image_count")].toInt(), 1);
    QCOMPARE(done[QStringLiteral("cloud_state")].toString(), QStringLiteral("none"));
    QVERIFY(done[QStringLiteral("secure_urls")].toArray().isEmpty());
    m_f->provider->finishHanging(running);
}

void TestHistoryExport::readsEveryRowInPages()
{
    // Two and a bit pages, all created in the same millisecond: the cursor must break the ties by id.
    const int count = 2 * HistoryExport::kPageSize + 1;
    for (int i = 0; i < count; ++i) {
        Generation generation;
        generation.request = m_f->request(m_alice, QStringLiteral("row %1").arg(i));
        generation.provider = QStringLiteral("openai");
        GenerationError error;
        QVERIFY(m_f->store->insertGeneration(generation, 0, m_f->clock.nowMs(), &error) > 0);
    }
    const QString target = m_f->dir.filePath(QStringLiteral("all.csv"));
    QVERIFY(exported(HistoryFormat::Csv, target).succeeded());
    const QList<QStringList> rows = parseCsv(contents(target));
    QCOMPARE(rows.size(), count + 1);
    QSet<qint64> ids;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const qint64 id = rows.at(i).at(0).toLongLong();
        QVERIFY(id < previous);
        previous = id;
        ids.insert(id);
    }
    QCOMPARE(ids.size(), count);
}

void TestHistoryExport::followsTheFilters()
{
    generate(QStringLiteral("a red fox"));
    const qint64 owl = generate(QStringLiteral("an owl at night"));
    HistoryQuery query;
    query.text = QStringLiteral("owl");
    query.limit = 1;  // paging of the query does not limit an export
    query.offset = 5; // nor does its offset
    const QString target = m_f->dir.filePath(QStringLiteral("owls.json"));
    const ExportReport report = exported(HistoryFormat::Json, target, query);
    QCOMPARE(report.rows, 1);
    const QJsonArray rows = QJsonDocument::fromJson(contents(target)).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first()[QStringLiteral("id")].toInteger(), owl);

    query.text = QStringLiteral("unicorn");
    QVERIFY(exported(HistoryFormat::Json, target, query, true).succeeded());
    QCOMPARE(QJsonDocument::fromJson(contents(target)).array().size(), 0);
    QVERIFY(exported(HistoryFormat::Csv, m_f->dir.filePath(QStringLiteral("none.csv")), query).succeeded());
    QCOMPARE(parseCsv(contents(m_f->dir.filePath(QStringLiteral("none.csv")))).size(), 1);
}

void TestHistoryExport::refusesAndWritesNothing()
{
    generate(QStringLiteral("a red fox"));
    const QString inside = QDir(m_f->library->root()).filePath(QStringLiteral("history.csv"));
    const QFuture<ExportReport> refused =
        m_f->service->exportHistory(m_alice, {}, HistoryFormat::Csv, inside);
    QVERIFY(refused.isFinished());
    QVERIFY(refused.result().error.message.contains(QStringLiteral("inside the image library")));
    QVERIFY(!QFileInfo::exists(inside));

    const QString existing = m_f->dir.filePath(QStringLiteral("mine.csv"));
    QFile file(existing);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("mine") == 4);
    file.close();
    QVERIFY(exported(HistoryFormat::Csv, existing).error.message.contains(QStringLiteral("exists already")));
    QCOMPARE(contents(existing), QByteArray("mine"));
    QVERIFY(exported(HistoryFormat::Csv, m_f->dir.path()).error.message.contains(QStringLiteral("folder")));
    QVERIFY(exported(HistoryFormat::Csv, existing, {}, true).succeeded());
    QVERIFY(contents(existing).startsWith("id,"));
}

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "tst_historyexport.moc"
