#include "cliprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using atelier::test::CliProcess;

// Marking results from the terminal: rate, favorite, tag and boards, and the history filtered by them, as a
// person or a script would use them, in a temporary data folder.
class TestCliCuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void marksAndFiltersResults();
    void boardsAreMadeFilledAndDeleted();
    void deletesToTheTrashAndBack();
    void moreLikeThisAndTheFamily();
    void refusesBadInput_data();
    void refusesBadInput();

private:
    CliProcess::Result cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return m_cli->run(arguments, input);
    }
    // Ids of the history, newest first, with these filters.
    QList<qint64> history(const QStringList &filters) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_runtimeDir;
    std::optional<CliProcess> m_cli;
    QList<qint64> m_ids; // fox, whale, kite: oldest first
};

void TestCliCuration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_cli.emplace(QStringLiteral(ATELIER_CLI_PATH), m_dir->path(), m_runtimeDir.path());
    const CliProcess::Result made =
        cli({QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--wait")},
            "a red fox\na blue whale\na yellow kite\n");
    QCOMPARE(made.exitCode, 0);
    m_ids = history({});
    std::reverse(m_ids.begin(), m_ids.end());
    QCOMPARE(m_ids.size(), 3);
}

QList<qint64> TestCliCuration::history(const QStringList &filters) const
{
    const CliProcess::Result result =
        cli(QStringList{QStringLiteral("history"), QStringLiteral("--json")} + filters);
    QList<qint64> ids;
    const QJsonArray items = result.json()[QStringLiteral("items")].toArray();
    for (const QJsonValue &item : items)
        ids.append(item[QStringLiteral("id")].toInteger());
    return ids;
}

void TestCliCuration::marksAndFiltersResults()
{
    const QString fox = QString::number(m_ids.at(0));
    const QString whale = QString::number(m_ids.at(1));
    const QString kite = QString::number(m_ids.at(2));
    const CliProcess::Result rated =
        cli({QStringLiteral("rate"), QStringLiteral("4"), fox, QStringLiteral("#") + whale});
    QCOMPARE(rated.exitCode, 0);
    QCOMPARE(rated.out.trimmed(), QStringLiteral("Rated 2 results ★★★★.").toUtf8());
    QCOMPARE(cli({QStringLiteral("rate"), QStringLiteral("2"), kite}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("favorite"), whale}).exitCode, 0);
    const CliProcess::Result tagged = cli({QStringLiteral("tag"), fox, kite, QStringLiteral("--add"),
                                           QStringLiteral("Client X, hero"), QStringLiteral("--json")});
    QCOMPARE(tagged.exitCode, 0);
    const QJsonArray items = tagged.json()[QStringLiteral("items")].toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0)[QStringLiteral("tags")].toArray(),
             (QJsonArray{QStringLiteral("client x"), QStringLiteral("hero")}));
    QCOMPARE(items.at(0)[QStringLiteral("rating")].toInt(), 4);
    QCOMPARE(cli({QStringLiteral("tag"), kite, QStringLiteral("--remove"), QStringLiteral("hero")}).exitCode,
             0);

    QCOMPARE(history({QStringLiteral("--favorite")}), QList<qint64>{m_ids.at(1)});
    QCOMPARE(history({QStringLiteral("--rating"), QStringLiteral("3")}),
             (QList<qint64>{m_ids.at(1), m_ids.at(0)}));
    QCOMPARE(history({QStringLiteral("--tag"), QStringLiteral("CLIENT X")}),
             (QList<qint64>{m_ids.at(2), m_ids.at(0)}));
    QCOMPARE(history({QStringLiteral("--tag"), QStringLiteral("hero"), QStringLiteral("--rating"),
                      QStringLiteral("1")}),
             QList<qint64>{m_ids.at(0)});
    // The list marks them; tags come with their counts.
    const CliProcess::Result listed = cli({QStringLiteral("history")});
    QVERIFY2(listed.out.contains("favourite ★★★★ a blue whale"), listed.out.constData());
    QVERIFY(listed.out.contains("★★ a yellow kite"));
    const CliProcess::Result tags = cli({QStringLiteral("tags")});
    QVERIFY2(tags.out.contains("     2  client x\n     1  hero"), tags.out.constData());
    QVERIFY(cli({QStringLiteral("status"), fox}).out.contains("Tags:       client x, hero"));
    // Unmarked again.
    QCOMPARE(cli({QStringLiteral("unfavorite"), whale}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("rate"), QStringLiteral("0"), fox, whale, kite}).exitCode, 0);
    QVERIFY(history({QStringLiteral("--favorite")}).isEmpty());
    QVERIFY(history({QStringLiteral("--rating"), QStringLiteral("1")}).isEmpty());
}

void TestCliCuration::boardsAreMadeFilledAndDeleted()
{
    const QString fox = QString::number(m_ids.at(0));
    const QString kite = QString::number(m_ids.at(2));
    QCOMPARE(cli({QStringLiteral("boards")}).out.trimmed(),
             QByteArray("No boards yet: atelier-cli boards create NAME makes one."));
    QCOMPARE(
        cli({QStringLiteral("boards"), QStringLiteral("create"), QStringLiteral("Spring campaign")}).exitCode,
        0);
    const CliProcess::Result added =
        cli({QStringLiteral("boards"), QStringLiteral("add"), QStringLiteral("spring CAMPAIGN"), fox, kite});
    QCOMPARE(added.exitCode, 0);
    QCOMPARE(added.out.trimmed(), QByteArray("Added 2 results to \"Spring campaign\"."));
    QCOMPARE(history({QStringLiteral("--board"), QStringLiteral("Spring campaign")}),
             (QList<qint64>{m_ids.at(2), m_ids.at(0)}));
    const QJsonArray boards = cli({QStringLiteral("boards"), QStringLiteral("--json")}).json().array();
    QCOMPARE(boards.size(), 1);
    QCOMPARE(boards.at(0)[QStringLiteral("count")].toInt(), 2);
    QVERIFY(cli({QStringLiteral("status"), fox}).out.contains("Boards:     Spring campaign"));
    QCOMPARE(
        cli({QStringLiteral("boards"), QStringLiteral("remove"), QStringLiteral("Spring campaign"), kite})
            .exitCode,
        0);
    QCOMPARE(cli({QStringLiteral("boards"), QStringLiteral("rename"), QStringLiteral("Spring campaign"),
                  QStringLiteral("Picks")})
                 .exitCode,
             0);
    QCOMPARE(history({QStringLiteral("--board"), QStringLiteral("picks")}), QList<qint64>{m_ids.at(0)});
    const CliProcess::Result deleted =
        cli({QStringLiteral("boards"), QStringLiteral("delete"), QStringLiteral("Picks")});
    QCOMPARE(deleted.out.trimmed(), QByteArray("Deleted board \"Picks\"; its result stays in the history."));
    QCOMPARE(history({}).size(), 3);
}

void TestCliCuration::deletesToTheTrashAndBack()
{
    const QString fox = QString::number(m_ids.at(0));
    const QString whale = QString::number(m_ids.at(1));
    const QString kite = QString::number(m_ids.at(2));
    const CliProcess::Result shown = cli({QStringLiteral("status"), fox, QStringLiteral("--json")});
    const QString foxFile = shown.json()[QStringLiteral("images")][0].toString();
    QVERIFY(QFile::exists(foxFile));
    QCOMPARE(cli({QStringLiteral("rate"), QStringLiteral("4"), fox}).exitCode, 0);

    CliProcess::Result result = cli({QStringLiteral("delete"), fox, whale});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("Moved 2 results to the trash"), result.out.constData());
    QCOMPARE(history({}), QList<qint64>{m_ids.at(2)});
    QVERIFY(QFile::exists(foxFile));
    result = cli({QStringLiteral("trash"), QStringLiteral("--json")});
    const QJsonArray trash = result.json()[QStringLiteral("items")].toArray();
    QCOMPARE(trash.size(), 2);
    QVERIFY(!trash.at(0)[QStringLiteral("trashedAt")].toString().isEmpty());
    result = cli({QStringLiteral("trash")});
    QVERIFY2(result.out.contains("a red fox") && result.out.contains("(deleted "), result.out.constData());

    // Back as it was, rating and all.
    result = cli({QStringLiteral("trash"), QStringLiteral("restore"), fox, QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.json()[QStringLiteral("restored")].toArray().size(), 1);
    QCOMPARE(history({QStringLiteral("--rating"), QStringLiteral("4")}), QList<qint64>{m_ids.at(0)});

    // Emptying asks first; a script says --yes. What is erased is gone with its files.
    result = cli({QStringLiteral("trash"), QStringLiteral("empty")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("--yes"), result.err.constData());
    QCOMPARE(cli({QStringLiteral("trash"), QStringLiteral("--json")})
                 .json()[QStringLiteral("items")]
                 .toArray()
                 .size(),
             1);
    result = cli({QStringLiteral("trash"), QStringLiteral("empty"), QStringLiteral("--yes"),
                  QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.json()[QStringLiteral("erased")].toInt(), 1);
    QCOMPARE(cli({QStringLiteral("trash")}).out, QByteArray("The trash is empty.\n"));

    // --forever skips the trash.
    const QString kiteFile = cli({QStringLiteral("status"), kite, QStringLiteral("--json")})
                                 .json()[QStringLiteral("images")][0]
                                 .toString();
    result = cli({QStringLiteral("delete"), kite, QStringLiteral("--forever")});
    QCOMPARE(result.exitCode, 2); // asks first
    QVERIFY(QFile::exists(kiteFile));
    result = cli({QStringLiteral("delete"), kite, QStringLiteral("--forever"), QStringLiteral("--yes")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(!QFile::exists(kiteFile));
    QCOMPARE(history({}), QList<qint64>{m_ids.at(0)});
    QVERIFY(QFile::exists(foxFile));

    // The days kept are a setting.
    result = cli(
        {QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("trash.days"), QStringLiteral("7")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("trash.days"), result.out.constData());
    result = cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("trash.days"),
                  QStringLiteral("4000")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("from 0"), result.err.constData());
}

void TestCliCuration::moreLikeThisAndTheFamily()
{
    const QString fox = QString::number(m_ids.at(0));
    const CliProcess::Result two = cli({QStringLiteral("more"), fox, QStringLiteral("--count"),
                                        QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(two.exitCode, 0);
    const QJsonArray queued = two.json().array();
    QCOMPARE(queued.size(), 2);
    QList<qint64> seeds;
    for (const QJsonValue &generation : queued) {
        QCOMPARE(generation[QStringLiteral("parentId")].toInteger(), m_ids.at(0));
        QCOMPARE(generation[QStringLiteral("prompt")].toString(), QStringLiteral("a red fox"));
        QCOMPARE(generation[QStringLiteral("status")].toString(), QStringLiteral("pending"));
        seeds.append(generation[QStringLiteral("parameters")][QStringLiteral("seed")].toInteger(-1));
    }
    QCOMPARE(queued.at(0)[QStringLiteral("position")].toInt(), 1);
    QCOMPARE(queued.at(1)[QStringLiteral("position")].toInt(), 2);
    QVERIFY(seeds.at(0) >= 0 && seeds.at(1) >= 0 && seeds.at(0) != seeds.at(1));
    const QString first = QString::number(queued.at(0)[QStringLiteral("id")].toInteger());
    const QString second = QString::number(queued.at(1)[QStringLiteral("id")].toInteger());

    // In words, with --wait: made here, as generate --wait does.
    const CliProcess::Result one = cli({QStringLiteral("more"), first, QStringLiteral("--wait")});
    QCOMPARE(one.exitCode, 0);
    QVERIFY2(one.out.contains("done in"), one.out.constData());
    const CliProcess::Result status = cli({QStringLiteral("status"), first});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(
        status.out.contains(
            QStringLiteral("  Came from:  %1\n  Siblings:   %2\n  Variations: ").arg(fox, second).toUtf8()),
        status.out.constData());
    QVERIFY(status.out.contains(QStringLiteral("  Options:    seed=%1").arg(seeds.at(0)).toUtf8()));
    const QJsonObject family = cli({QStringLiteral("status"), fox, QStringLiteral("--json")})
                                   .json()[QStringLiteral("family")]
                                   .toObject();
    QVERIFY(family[QStringLiteral("parentId")].isNull());
    QCOMPARE(family[QStringLiteral("parentState")].toString(), QStringLiteral("none"));
    QCOMPARE(family[QStringLiteral("variations")].toArray(),
             (QJsonArray{first.toLongLong(), second.toLongLong()}));

    const CliProcess::Result words = cli({QStringLiteral("more"), fox});
    QCOMPARE(words.exitCode, 0);
    QVERIFY2(words.out.startsWith(QStringLiteral("Queued 1 more like generation %1: ").arg(fox).toUtf8()),
             words.out.constData());
    // --wait above worked through the whole queue, the two waiting before it too.
    QVERIFY2(words.out.contains("(position 1); 1 token reserved, balance"), words.out.constData());

    // Another profile may not; the parent in the trash is still named.
    QCOMPARE(cli({QStringLiteral("profiles"), QStringLiteral("create"), QStringLiteral("bo")}).exitCode, 0);
    const CliProcess::Result foreign =
        cli({QStringLiteral("--profile"), QStringLiteral("bo"), QStringLiteral("more"), fox});
    QCOMPARE(foreign.exitCode, 2);
    QCOMPARE(foreign.err.trimmed(),
             QStringLiteral("atelier-cli: Generation %1 belongs to another profile.").arg(fox).toUtf8());
    QCOMPARE(cli({QStringLiteral("delete"), fox}).exitCode, 0);
    QVERIFY(cli({QStringLiteral("status"), first})
                .out.contains(QStringLiteral("  Came from:  %1 (in the trash)\n").arg(fox).toUtf8()));
}

void TestCliCuration::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("words");
    QTest::newRow("rating past 5") << QStringList{QStringLiteral("rate"), QStringLiteral("6"),
                                                  QStringLiteral("1")}
                                   << QByteArray("from 0 (none) to 5");
    QTest::newRow("rate without ids")
        << QStringList{QStringLiteral("rate"), QStringLiteral("3")} << QByteArray("from 0 (none) to 5");
    QTest::newRow("unknown id") << QStringList{QStringLiteral("favorite"), QStringLiteral("1"),
                                               QStringLiteral("99")}
                                << QByteArray("no generation 99");
    QTest::newRow("not an id") << QStringList{QStringLiteral("favorite"), QStringLiteral("fox")}
                               << QByteArray("'fox' is not a generation id");
    QTest::newRow("tag without a change") << QStringList{QStringLiteral("tag"), QStringLiteral("1")}
                                          << QByteArray("--add TAGS or --remove TAGS");
    QTest::newRow("tag too long") << QStringList{QStringLiteral("tag"), QStringLiteral("1"),
                                                 QStringLiteral("--add"), QString(60, QLatin1Char('t'))}
                                  << QByteArray("longer than 50 characters");
    QTest::newRow("unknown board") << QStringList{QStringLiteral("history"), QStringLiteral("--board"),
                                                  QStringLiteral("Nowhere")}
                                   << QByteArray("no board named \"Nowhere\"");
    QTest::newRow("filter rating 0") << QStringList{QStringLiteral("history"), QStringLiteral("--rating"),
                                                    QStringLiteral("0")}
                                     << QByteArray("--rating takes");
    QTest::newRow("board twice") << QStringList{QStringLiteral("boards"), QStringLiteral("create"),
                                                QStringLiteral("Dupe")}
                                 << QByteArray("already a board named \"Dupe\"");
    QTest::newRow("unknown boards action")
        << QStringList{QStringLiteral("boards"), QStringLiteral("paint")} << QByteArray("use boards [list]");
    QTest::newRow("delete without ids")
        << QStringList{QStringLiteral("delete")} << QByteArray("takes generation ids");
    QTest::newRow("delete unknown") << QStringList{QStringLiteral("delete"), QStringLiteral("1"),
                                                   QStringLiteral("99")}
                                    << QByteArray("There is no generation 99 of this profile");
    QTest::newRow("restore not in trash")
        << QStringList{QStringLiteral("trash"), QStringLiteral("restore"), QStringLiteral("1")}
        << QByteArray("not in the trash");
    QTest::newRow("empty not in trash") << QStringList{QStringLiteral("trash"), QStringLiteral("empty"),
                                                       QStringLiteral("2"), QStringLiteral("--yes")}
                                        << QByteArray("not in the trash");
    QTest::newRow("unknown trash action")
        << QStringList{QStringLiteral("trash"), QStringLiteral("burn")} << QByteArray("'trash' takes");
    QTest::newRow("more none") << QStringList{QStringLiteral("more"), QStringLiteral("1"),
                                              QStringLiteral("--count"), QStringLiteral("0")}
                               << QByteArray("More like this makes 1 to 10 at a time, not 0.");
    QTest::newRow("more eleven") << QStringList{QStringLiteral("more"), QStringLiteral("1"),
                                                QStringLiteral("--count"), QStringLiteral("11")}
                                 << QByteArray("not 11.");
    QTest::newRow("more what") << QStringList{QStringLiteral("more"), QStringLiteral("1"),
                                              QStringLiteral("--count"), QStringLiteral("many")}
                               << QByteArray("--count takes how many more to make, not 'many'.");
    QTest::newRow("more unknown") << QStringList{QStringLiteral("more"), QStringLiteral("99")}
                                  << QByteArray("no generation 99");
    QTest::newRow("more without id") << QStringList{QStringLiteral("more")}
                                     << QByteArray("'more' takes one generation id");
    QTest::newRow("more at no priority") << QStringList{QStringLiteral("more"), QStringLiteral("1"),
                                                        QStringLiteral("--priority"), QStringLiteral("now")}
                                         << QByteArray("unknown priority 'now'");
}

void TestCliCuration::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, words);
    if (QTest::currentDataTag() == QByteArray("board twice"))
        QCOMPARE(cli(arguments).exitCode, 0);
    const QByteArray before = cli({QStringLiteral("history"), QStringLiteral("--json")}).out;
    const CliProcess::Result result = cli(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(words), result.err.constData());
    QCOMPARE(cli({QStringLiteral("history"), QStringLiteral("--json")}).out, before);
}

QTEST_GUILESS_MAIN(TestCliCuration)
#include "tst_clicuration.moc"
