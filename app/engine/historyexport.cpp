#include "historyexport.h"

#include "domain/csvline.h"
#include "exporttarget.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace atelier {

namespace {

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

QVariant textOrNull(bool present, const QString &text)
{
    return present ? QVariant(text) : QVariant();
}

QByteArray jsonObject(const QVariantList &values)
{
    QJsonObject object;
    const QStringList names = HistoryExport::columns();
    for (qsizetype i = 0; i < names.size(); ++i)
        object.insert(names.at(i), QJsonValue::fromVariant(values.at(i)));
    return QJsonDocument(object).toJson(QJsonDocument::Indented).trimmed();
}

} // namespace

QStringList HistoryExport::columns()
{
    return {QStringLiteral("id"),
            QStringLiteral("created_at"),
            QStringLiteral("finished_at"),
            QStringLiteral("status"),
            QStringLiteral("model"),
            QStringLiteral("provider"),
            QStringLiteral("prompt"),
            QStringLiteral("custom_prompt"),
            QStringLiteral("size"),
            QStringLiteral("quality"),
            QStringLiteral("style"),
            QStringLiteral("image_count"),
            QStringLiteral("duration_ms"),
            QStringLiteral("tokens_reserved"),
            QStringLiteral("tokens_charged"),
            QStringLiteral("error_category"),
            QStringLiteral("error_message"),
            QStringLiteral("files"),
            QStringLiteral("cloud_state"),
            QStringLiteral("secure_urls")};
}

QVariantList HistoryExport::values(const Generation &g)
{
    QStringList urls;
    for (const CloudAsset &asset : g.cloud.assets)
        urls.append(asset.secureUrl);
    const qint64 duration = g.processingMs();
    return {g.id,
            timeValue(g.createdAt),
            timeValue(g.finishedAt),
            statusName(g.status),
            g.request.model,
            g.provider,
            g.request.prompt,
            g.request.customPrompt,
            g.size,
            g.request.quality,
            g.request.style,
            g.request.imageCount,
            duration >= 0 ? QVariant(duration) : QVariant(),
            g.tokensReserved,
            g.tokensCharged,
            textOrNull(g.error.isError(), categoryName(g.error.category)),
            textOrNull(g.error.isError(), g.error.message),
            g.resultPaths,
            cloudStateName(g.cloud.state),
            urls};
}

QFuture<ExportReport> HistoryExport::start(qint64 profileId, const HistoryQuery &query, HistoryFormat format,
                                           const QString &target, bool overwrite, const StopToken &stop) const
{
    const GenerationError error =
        ExportTarget::check(target, ExportTarget::Kind::File, overwrite, m_library.root());
    if (error.isError()) {
        ExportReport report;
        report.target = target;
        report.error = error;
        return QtFuture::makeReadyFuture(report);
    }
    return QtConcurrent::run(&HistoryExport::run, rows(profileId, query), format, target, stop);
}

QList<Generation> HistoryExport::rows(qint64 profileId, const HistoryQuery &query) const
{
    // Keyset pages cost the same at any depth, where one query for everything would hold a read
    // transaction open for as long as it takes.
    HistoryQuery page = query;
    page.offset = 0;
    page.limit = kPageSize;
    page.after = {};
    QList<Generation> all;
    while (true) {
        const QList<Generation> batch = m_store.history(profileId, page);
        all += batch;
        if (batch.size() < kPageSize)
            return all;
        page.after = {batch.constLast().createdAt, batch.constLast().id};
    }
}

void HistoryExport::run(QPromise<ExportReport> &promise, const QList<Generation> &rows, HistoryFormat format,
                        const QString &target, const StopToken &stop)
{
    ExportReport report;
    report.target = target;
    promise.setProgressRange(0, int(rows.size()));
    QSaveFile file(target);
    const bool csv = format == HistoryFormat::Csv;
    const QStringList names = columns();
    bool written = file.open(QIODevice::WriteOnly) &&
                   file.write(csv ? CsvLine::of(QVariantList(names.cbegin(), names.cend())) : "[") >= 0;
    for (qsizetype i = 0; written && i < rows.size(); ++i) {
        // The file is discarded with its QSaveFile.
        if (promise.isCanceled())
            return;
        if (stop.isRequested()) {
            report.stopped = true;
            promise.addResult(report);
            return;
        }
        const QVariantList values = HistoryExport::values(rows.at(i));
        const QByteArray bytes = csv ? CsvLine::of(values) : (i > 0 ? ",\n" : "\n") + jsonObject(values);
        written = file.write(bytes) == bytes.size();
        promise.setProgressValue(int(i + 1));
    }
    if (written && !csv)
        written = file.write(rows.isEmpty() ? "]\n" : "\n]\n") >= 0;
    if (written && file.commit()) {
        report.rows = int(rows.size());
        qCInfo(lcTransfer).noquote() << "exported" << report.rows << "rows of history to" << target;
    } else {
        report.error = GenerationError::make(GenerationError::Category::Storage,
                                             tr("Could not write %1: %2").arg(target, file.errorString()));
        qCInfo(lcTransfer).noquote() << report.error.message;
    }
    promise.addResult(report);
}

} // namespace atelier
