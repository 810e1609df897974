#include "filesholding.h"

#include <QDirIterator>
#include <QFile>

namespace atelier::test {

QStringList filesHolding(const QString &root, const QByteArray &bytes)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(bytes))
            found << file.fileName();
    }
    return found;
}

} // namespace atelier::test
