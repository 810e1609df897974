#pragma once

#include "domain/generationerror.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>

namespace atelier {

// Exports and imports, which all check their places here.
Q_DECLARE_LOGGING_CATEGORY(lcTransfer)

// Where an export may write. Never into the image library: a copy there would pass for a result of its own,
// and the library's folders are the store's, not the person's. Never over a file unless asked.
class ExportTarget final
{
    Q_DECLARE_TR_FUNCTIONS(ExportTarget)

public:
    enum class Kind
    {
        Folder, // created when missing; an existing one may hold other files
        File    // its folder must exist
    };

    // A Validation error in words when `target` may not be written as `kind`; nothing otherwise.
    static GenerationError check(const QString &target, Kind kind, bool overwrite,
                                 const QString &libraryRoot);

    // Whether path is folder or lies inside it, as the file system resolves both (symbolic links, "..", a
    // path that does not exist yet).
    static bool isInside(const QString &path, const QString &folder);

private:
    // The canonical path of the longest part that exists, with the rest appended.
    static QString resolved(const QString &path);
};

} // namespace atelier
