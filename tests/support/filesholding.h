#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace atelier::test {

// Every file under `root` (recursively, hidden ones included) whose bytes contain `bytes`: how tests prove a
// secret reached no file.
QStringList filesHolding(const QString &root, const QByteArray &bytes);

} // namespace atelier::test
