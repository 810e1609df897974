#include "exporttarget.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace atelier {

Q_LOGGING_CATEGORY(lcTransfer, "atelier.transfer")

QString ExportTarget::resolved(const QString &path)
{
    QString existing = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList rest;
    while (!QFileInfo::exists(existing)) {
        const QFileInfo info(existing);
        const QString parent = info.absolutePath();
        if (parent == existing)
            break;
        rest.prepend(info.fileName());
        existing = parent;
    }
    const QString canonical = QFileInfo(existing).canonicalFilePath();
    rest.prepend(canonical.isEmpty() ? existing : canonical);
    return QDir::cleanPath(rest.join(QLatin1Char('/')));
}

bool ExportTarget::isInside(const QString &path, const QString &folder)
{
    const QString inner = resolved(path);
    QString outer = resolved(folder);
    if (inner == outer)
        return true;
    if (!outer.endsWith(QLatin1Char('/')))
        outer += QLatin1Char('/');
    return inner.startsWith(outer);
}

GenerationError ExportTarget::check(const QString &target, Kind kind, bool overwrite,
                                    const QString &libraryRoot)
{
    const auto refuse = [](const QString &message) {
        return GenerationError::make(GenerationError::Category::Validation, message);
    };
    if (target.trimmed().isEmpty())
        return refuse(tr("Choose where to export to."));
    if (isInside(target, libraryRoot))
        return refuse(tr("%1 is inside the image library (%2); choose a place outside it.")
                          .arg(QDir::toNativeSeparators(target), QDir::toNativeSeparators(libraryRoot)));
    const QFileInfo info(target);
    if (kind == Kind::Folder) {
        if (info.exists() && !info.isDir())
            return refuse(tr("%1 is a file, not a folder.").arg(QDir::toNativeSeparators(target)));
        return {};
    }
    if (info.isDir())
        return refuse(tr("%1 is a folder; name a file.").arg(QDir::toNativeSeparators(target)));
    if (info.exists() && !overwrite)
        return refuse(tr("%1 exists already; it is replaced only when overwriting is asked for.")
                          .arg(QDir::toNativeSeparators(target)));
    if (!QFileInfo(info.absolutePath()).isDir())
        return refuse(tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absolutePath())));
    return {};
}

} // namespace atelier
