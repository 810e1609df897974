#include "historyseed.h"

#include "storage/generationrow.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace atelier::bench {

namespace {
const QString kModels[] = {QStringLiteral("gpt-image-1"), QStringLiteral("dall-e-3"),
                           QStringLiteral("offline")};
} // namespace

Generation HistorySeed::completed(qint64 profileId, qint64 createdMs, const Vocabulary &vocabulary,
                                  QRandomGenerator &random, const QString &libraryRoot)
{
    Generation g;
    g.request.profileId = profileId;
    QStringList prompt;
    for (int n = 6 + int(random.bounded(20)); n > 0; --n)
        prompt.append(vocabulary.pick(random));
    g.request.prompt = prompt.join(QLatin1Char(' '));
    if (random.bounded(5) == 0)
        g.request.customPrompt = QStringLiteral("in the style of %1").arg(vocabulary.pick(random));
    const int model = random.bounded(10) < 6 ? 0 : 1 + int(random.bounded(2));
    g.request.model = kModels[model];
    g.provider = model == 2 ? QStringLiteral("offline") : QStringLiteral("openai");
    g.request.quality =
        QStringList{QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high")}.at(
            random.bounded(3));
    g.request.aspectRatio = random.bounded(2) ? QStringLiteral("1:1") : QStringLiteral("3:2");
    g.size = g.request.aspectRatio == QLatin1String("1:1") ? QStringLiteral("1024x1024")
                                                           : QStringLiteral("1536x1024");
    g.request.imageCount = 1 + int(random.bounded(4));
    g.request.parameters = {{QStringLiteral("background"), QStringLiteral("auto")},
                            {QStringLiteral("seed"), int(random.bounded(1'000'000))}};
    g.status = GenerationStatus::Completed;
    g.progress = 100;
    g.step = QStringLiteral("Done");
    g.attempts = 1;
    g.createdAt = g.queuedAt = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    g.startedAt = g.createdAt.addMSecs(500 + random.bounded(4000));
    g.finishedAt = g.startedAt.addMSecs(5000 + random.bounded(55'000));
    // As the library names them: profile-ID/YYYY-MM-DD/ID-slug.png.
    const QString folder = QStringLiteral("%1/profile-%2/%3")
                               .arg(libraryRoot)
                               .arg(profileId)
                               .arg(g.createdAt.toString(QStringLiteral("yyyy-MM-dd")));
    const QString slug = prompt.mid(0, 4).join(QLatin1Char('-'));
    for (int i = 1; i <= g.request.imageCount; ++i)
        g.resultPaths.append(QStringLiteral("%1/%2-%3-%4.png").arg(folder).arg(createdMs).arg(slug).arg(i));
    g.tokensReserved = g.tokensCharged = 10 * g.request.imageCount;
    return g;
}

bool HistorySeed::write(const QString &databasePath, const QList<std::pair<qint64, int>> &profiles,
                        qint64 firstMs, const Vocabulary &vocabulary, const QString &libraryRoot,
                        QTextStream &out, const RowWritten &rowWritten)
{
    const QString connection = QStringLiteral("bench-seed");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databasePath);
        QSqlQuery insert(db);
        ok = db.open() && db.transaction() &&
             insert.prepare(QStringLiteral("INSERT INTO generations (%1, started_at, finished_at)"
                                           " VALUES (%2?, ?)")
                                .arg(GenerationRow::insertColumns(),
                                     QStringLiteral("?, ").repeated(GenerationRow::insertValues({}).size())));
        QRandomGenerator random(42);
        for (const auto &[profileId, count] : profiles) {
            qint64 at = firstMs;
            for (int i = 0; ok && i < count; ++i) {
                // A few minutes apart, now and then in the same millisecond (a batch of submissions).
                at += random.bounded(8) == 0 ? 0 : 60'000 + random.bounded(400'000);
                const Generation g = completed(profileId, at, vocabulary, random, libraryRoot);
                QVariantList values = GenerationRow::insertValues(g);
                values << g.startedAt.toMSecsSinceEpoch() << g.finishedAt.toMSecsSinceEpoch();
                for (int column = 0; column < values.size(); ++column)
                    insert.bindValue(column, values.at(column));
                ok = insert.exec() && (!rowWritten || rowWritten(g));
            }
        }
        if (!ok)
            out << "seeding failed: " << insert.lastError().text() << db.lastError().text() << Qt::endl;
        ok = ok && db.commit();
        insert.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace atelier::bench
