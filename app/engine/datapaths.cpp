#include "datapaths.h"

#include <QDir>
#include <QStandardPaths>

namespace atelier {

QString DataPaths::databasePath() const
{
    return QDir(dataDir).filePath(QStringLiteral("atelier.sqlite"));
}

DataPaths DataPaths::resolve(const QString &dataDir, const QString &libraryDir)
{
    const auto pick = [](const QString &given, const char *variable, const QString &fallback) {
        if (!given.isEmpty())
            return QDir(given).absolutePath();
        const QString fromEnvironment = qEnvironmentVariable(variable);
        return fromEnvironment.isEmpty() ? fallback : QDir(fromEnvironment).absolutePath();
    };
    DataPaths paths;
    paths.dataDir =
        pick(dataDir, "ATELIER_DATA_DIR", QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (pictures.isEmpty())
        pictures = QDir::home().filePath(QStringLiteral("Pictures"));
    paths.libraryDir =
        pick(libraryDir, "ATELIER_LIBRARY_DIR", QDir(pictures).filePath(QStringLiteral("Atelier")));
    return paths;
}

} // namespace atelier
