#include "cliprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

// atelier-cli export and import end to end, in a temporary data folder.
class TestCliTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void exportsImages();
    void exportsTheHistory();
    void importsAFolder();
    void refusesBadInput_data();
    void refusesBadInput();

private:
    using Result = atelier::test::CliProcess::Result;
    Result cli(const QStringList &arguments) const { return m_cli->run(arguments); }
    // A completed offline generation of `count` images; its id and files.
    qint64 generate(const QString &prompt, int count, QStringList *files);
    QString path(const QString &name) const { return m_dir->filePath(name); }
    static QByteArray contents(const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_runtimeDir;
    std::optional<atelier::test::CliProcess> m_cli;
};

void TestCliTransfer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_cli.emplace(QStringLiteral(ATELIER_CLI_PATH), m_dir->path(), m_runtimeDir.path());
    // Relative --output paths land in the test's folder.
    m_cli->setWorkingDirectory(m_dir->path());
}

qint64 TestCliTransfer::generate(const QString &prompt, int count, QStringList *files)
{
    const Result result = cli({QStringLiteral("generate"), prompt, QStringLiteral("--n"),
                               QString::number(count), QStringLiteral("--wait"), QStringLiteral("--json")});
    const QJsonObject generation = result.json().object();
    for (const QJsonValue &file : generation[QStringLiteral("images")].toArray())
        files->append(file.toString());
    return result.exitCode == 0 ? generation[QStringLiteral("id")].toInteger() : 0;
}

QByteArray TestCliTransfer::contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestCliTransfer::exportsImages()
{
    QStringList files;
    const qint64 fox = generate(QStringLiteral("a red fox"), 2, &files);
    const qint64 owl = generate(QStringLiteral("an owl"), 1, &files);
    QVERIFY(fox && owl);

    const Result folder = cli({QStringLiteral("export"), QString::number(fox), QStringLiteral("#%1").arg(owl),
                               QStringLiteral("--output"), QStringLiteral("picked")});
    QVERIFY2(folder.exitCode == 0, folder.err.constData());
    QVERIFY(folder.err.isEmpty()); // no progress on stderr when stdout is no terminal
    QVERIFY(folder.out.contains("Exported 3 images of 2 generations"));
    for (const QString &file : std::as_const(files)) {
        const QString copy = QDir(path(QStringLiteral("picked"))).filePath(QFileInfo(file).fileName());
        QCOMPARE(contents(copy), contents(file));
        QCOMPARE(contents(copy + QStringLiteral(".json")), contents(file + QStringLiteral(".json")));
    }

    // Again into the same folder: new names, and parameters in the copies.
    const Result again = cli({QStringLiteral("export"), QString::number(owl), QStringLiteral("--output"),
                              QStringLiteral("picked"), QStringLiteral("--embed-parameters"),
                              QStringLiteral("--no-sidecars"), QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const QJsonObject copied = again.json()[QStringLiteral("files")].toArray().first().toObject();
    QVERIFY(copied[QStringLiteral("parametersEmbedded")].toBool());
    QVERIFY(copied[QStringLiteral("sidecar")].toString().isEmpty());
    QCOMPARE(QFileInfo(copied[QStringLiteral("path")].toString()).fileName(),
             QFileInfo(files.last()).completeBaseName() + QStringLiteral("-2.png"));
    QVERIFY(contents(copied[QStringLiteral("path")].toString()).contains("tEXtparameters"));

    const Result zip = cli({QStringLiteral("export"), QString::number(fox), QStringLiteral("--output"),
                            QStringLiteral("fox.zip"), QStringLiteral("--json")});
    QVERIFY2(zip.exitCode == 0, zip.err.constData());
    QCOMPARE(zip.json()[QStringLiteral("target")].toString(), path(QStringLiteral("fox.zip")));
    QCOMPARE(zip.json()[QStringLiteral("files")].toArray().size(), 2);
    QVERIFY(contents(path(QStringLiteral("fox.zip"))).startsWith("PK"));
    const Result exists = cli({QStringLiteral("export"), QString::number(fox), QStringLiteral("--output"),
                               QStringLiteral("fox.zip")});
    QCOMPARE(exists.exitCode, 2);
    QVERIFY(exists.err.contains("exists already"));
    QCOMPARE(cli({QStringLiteral("export"), QString::number(owl), QStringLiteral("--output"),
                  QStringLiteral("fox.zip"), QStringLiteral("--overwrite")})
                 .exitCode,
             0);
}

void TestCliTransfer::exportsTheHistory()
{
    QStringList files;
    QVERIFY(generate(QStringLiteral("=cmd, \"quoted\""), 1, &files));
    const Result csv = cli({QStringLiteral("export"), QStringLiteral("--history"), QStringLiteral("--output"),
                            QStringLiteral("history.csv")});
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    QVERIFY(csv.out.contains("Exported 1 generation to"));
    const QByteArray table = contents(path(QStringLiteral("history.csv")));
    QVERIFY(table.startsWith("id,created_at,finished_at,status,"));
    QVERIFY(table.contains(",\"'=cmd, \"\"quoted\"\"\","));

    const Result json =
        cli({QStringLiteral("export"), QStringLiteral("--history"), QStringLiteral("--output"),
             QStringLiteral("history.txt"), QStringLiteral("--format"), QStringLiteral("json"),
             QStringLiteral("--status"), QStringLiteral("completed"), QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    QCOMPARE(json.json()[QStringLiteral("rows")].toInt(), 1);
    const QJsonArray rows = QJsonDocument::fromJson(contents(path(QStringLiteral("history.txt")))).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first()[QStringLiteral("prompt")].toString(), QStringLiteral("=cmd, \"quoted\""));

    const Result none =
        cli({QStringLiteral("export"), QStringLiteral("--history"), QStringLiteral("--output"),
             QStringLiteral("failed.csv"), QStringLiteral("--status"), QStringLiteral("failed")});
    QCOMPARE(none.exitCode, 0);
    QVERIFY(none.out.contains("Exported 0 generations"));
}

void TestCliTransfer::importsAFolder()
{
    QStringList files;
    const qint64 id = generate(QStringLiteral("a lighthouse at dusk"), 1, &files);
    QVERIFY(id);
    // One copy carries its parameters, another its sidecar; both come from another profile's history.
    QCOMPARE(
        cli({QStringLiteral("export"), QString::number(id), QStringLiteral("--output"), QStringLiteral("in"),
             QStringLiteral("--embed-parameters"), QStringLiteral("--no-sidecars")})
            .exitCode,
        0);
    QCOMPARE(
        cli({QStringLiteral("export"), QString::number(id), QStringLiteral("--output"), QStringLiteral("in")})
            .exitCode,
        0);
    QFile junk(path(QStringLiteral("in/junk.png")));
    QVERIFY(junk.open(QIODevice::WriteOnly) && junk.write("junk") == 4);
    junk.close();
    QCOMPARE(cli({QStringLiteral("profiles"), QStringLiteral("create"), QStringLiteral("Ana")}).exitCode, 0);

    const Result imported = cli(
        {QStringLiteral("--profile"), QStringLiteral("Ana"), QStringLiteral("import"), QStringLiteral("in")});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QVERIFY2(imported.out.contains("Imported 2 images into profile Ana"), imported.out.constData());
    QVERIFY(imported.out.contains("Skipped junk.png"));

    const Result history = cli({QStringLiteral("--profile"), QStringLiteral("Ana"), QStringLiteral("history"),
                                QStringLiteral("--json")});
    QCOMPARE(history.json()[QStringLiteral("total")].toInt(), 2);
    for (const QJsonValue &item : history.json()[QStringLiteral("items")].toArray()) {
        QCOMPARE(item[QStringLiteral("prompt")].toString(), QStringLiteral("a lighthouse at dusk"));
        QCOMPARE(item[QStringLiteral("status")].toString(), QStringLiteral("completed"));
        QCOMPARE(item[QStringLiteral("tokensCharged")].toInteger(), 0);
    }
    const Result profiles = cli({QStringLiteral("profiles"), QStringLiteral("--json")});
    for (const QJsonValue &profile : profiles.json().array())
        QCOMPARE(profile[QStringLiteral("balance")].toInteger(),
                 profile[QStringLiteral("name")].toString() == QLatin1String("Ana") ? 1000 : 999);

    const Result again = cli({QStringLiteral("--profile"), QStringLiteral("Ana"), QStringLiteral("import"),
                              QStringLiteral("in"), QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.json()[QStringLiteral("imported")].toArray().isEmpty());
    const QJsonArray skipped = again.json()[QStringLiteral("skipped")].toArray();
    QCOMPARE(skipped.size(), 3);
    QCOMPARE(std::count_if(skipped.begin(), skipped.end(),
                           [](const QJsonValue &file) {
                               return file[QStringLiteral("reason")].toString().contains(
                                   QStringLiteral("already imported"));
                           }),
             std::ptrdiff_t(2));
}

void TestCliTransfer::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("words");
    const QString output = QStringLiteral("--output");
    QTest::newRow("no output") << QStringList{QStringLiteral("export"), QStringLiteral("1")}
                               << QByteArray("needs --output");
    QTest::newRow("no ids") << QStringList{QStringLiteral("export"), output, QStringLiteral("out")}
                            << QByteArray("needs generation ids");
    QTest::newRow("bad id") << QStringList{QStringLiteral("export"), QStringLiteral("fox"), output,
                                           QStringLiteral("out")}
                            << QByteArray("not a generation id");
    QTest::newRow("unknown id") << QStringList{QStringLiteral("export"), QStringLiteral("99"), output,
                                               QStringLiteral("out")}
                                << QByteArray("no generation 99");
    QTest::newRow("into the library")
        << QStringList{QStringLiteral("export"), QStringLiteral("1"), output, QStringLiteral("library/x.zip")}
        << QByteArray("inside the image library");
    QTest::newRow("history format") << QStringList{QStringLiteral("export"), QStringLiteral("--history"),
                                                   output, QStringLiteral("history.txt")}
                                    << QByteArray("--format csv");
    QTest::newRow("history with ids") << QStringList{QStringLiteral("export"), QStringLiteral("--history"),
                                                     QStringLiteral("1"), output, QStringLiteral("h.csv")}
                                      << QByteArray("takes no generation ids");
    QTest::newRow("image option with history")
        << QStringList{QStringLiteral("export"), QStringLiteral("--history"),
                       QStringLiteral("--embed-parameters"), output, QStringLiteral("h.csv")}
        << QByteArray("--embed-parameters");
    QTest::newRow("history option with images") << QStringList{QStringLiteral("export"),
                                                               QStringLiteral("1"),
                                                               QStringLiteral("--status"),
                                                               QStringLiteral("completed"),
                                                               output,
                                                               QStringLiteral("out")}
                                                << QByteArray("--status goes with --history");
    QTest::newRow("bad date")
        << QStringList{QStringLiteral("export"), QStringLiteral("--history"), output,
                       QStringLiteral("h.csv"),  QStringLiteral("--from"),    QStringLiteral("soon")}
        << QByteArray("YYYY-MM-DD");
    QTest::newRow("import without folder")
        << QStringList{QStringLiteral("import")} << QByteArray("one folder");
    QTest::newRow("import of nothing")
        << QStringList{QStringLiteral("import"), QStringLiteral("nowhere")} << QByteArray("no folder");
    QTest::newRow("option of another command")
        << QStringList{QStringLiteral("import"), QStringLiteral("in"), QStringLiteral("--overwrite")}
        << QByteArray("--overwrite");
}

void TestCliTransfer::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, words);
    QStringList files;
    QVERIFY(generate(QStringLiteral("a red fox"), 1, &files)); // generation 1
    const Result result = cli(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(words), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY(result.out.isEmpty());
    // Nothing was written beside the data, the library and the settings.
    QStringList entries = QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    entries.removeAll(QStringLiteral("config"));
    QCOMPARE(entries, (QStringList{QStringLiteral("data"), QStringLiteral("library")}));
    QCOMPARE(QDir(path(QStringLiteral("library"))).entryList(QDir::Files), QStringList());
}

QTEST_GUILESS_MAIN(TestCliTransfer)
#include "tst_clitransfer.moc"
