#include "zipwriter.h"

#include <QFile>

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace atelier {

namespace {

QString libzipError(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const QString text = QString::fromLocal8Bit(zip_error_strerror(&error));
    zip_error_fini(&error);
    return text;
}

} // namespace

ZipWriter::~ZipWriter()
{
    discard();
}

bool ZipWriter::open(const QString &path, bool replace, QString *error)
{
    discard();
    int code = 0;
    m_archive = zip_open(QFile::encodeName(path).constData(),
                         ZIP_CREATE | (replace ? ZIP_TRUNCATE : ZIP_EXCL), &code);
    if (!m_archive)
        *error = tr("Could not create the archive %1: %2").arg(path, libzipError(code));
    return m_archive != nullptr;
}

bool ZipWriter::add(const QString &name, zip_source_t *source, bool stored, QString *error)
{
    if (!source) {
        *error = tr("Could not add %1 to the archive: %2")
                     .arg(name, QString::fromLocal8Bit(zip_strerror(m_archive)));
        return false;
    }
    const zip_int64_t index = zip_file_add(m_archive, name.toUtf8().constData(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        *error = tr("Could not add %1 to the archive: %2")
                     .arg(name, QString::fromLocal8Bit(zip_strerror(m_archive)));
        return false;
    }
    if (zip_set_file_compression(m_archive, zip_uint64_t(index), stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) !=
        0) {
        *error = tr("Could not add %1 to the archive: %2")
                     .arg(name, QString::fromLocal8Bit(zip_strerror(m_archive)));
        return false;
    }
    return true;
}

bool ZipWriter::addFile(const QString &name, const QString &path, bool stored, QString *error)
{
    return add(name, zip_source_file(m_archive, QFile::encodeName(path).constData(), 0, -1), stored, error);
}

bool ZipWriter::addBytes(const QString &name, const QByteArray &bytes, bool stored, QString *error)
{
    // libzip reads the bytes when the archive is closed and frees them with free().
    void *copy = std::malloc(size_t(std::max<qsizetype>(bytes.size(), 1)));
    if (!copy) {
        *error = tr("Not enough memory to add %1 to the archive.").arg(name);
        return false;
    }
    std::memcpy(copy, bytes.constData(), size_t(bytes.size()));
    zip_source_t *source = zip_source_buffer(m_archive, copy, zip_uint64_t(bytes.size()), 1);
    if (!source)
        std::free(copy);
    return add(name, source, stored, error);
}

bool ZipWriter::close(const std::function<void(double)> &progress, const std::function<bool()> &cancelled,
                      QString *error)
{
    m_progress = progress;
    m_cancelled = cancelled;
    zip_register_progress_callback_with_state(
        m_archive, 0.01,
        [](zip_t *, double done, void *self) {
            if (const auto &report = static_cast<ZipWriter *>(self)->m_progress)
                report(done);
        },
        nullptr, this);
    zip_register_cancel_callback_with_state(
        m_archive,
        [](zip_t *, void *self) {
            const auto &asked = static_cast<ZipWriter *>(self)->m_cancelled;
            return asked && asked() ? 1 : 0;
        },
        nullptr, this);
    if (zip_close(m_archive) == 0) {
        m_archive = nullptr;
        return true;
    }
    if (!(cancelled && cancelled()))
        *error = tr("Could not write the archive: %1").arg(QString::fromLocal8Bit(zip_strerror(m_archive)));
    discard();
    return false;
}

void ZipWriter::discard()
{
    if (m_archive)
        zip_discard(m_archive);
    m_archive = nullptr;
}

} // namespace atelier
