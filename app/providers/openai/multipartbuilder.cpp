#include "multipartbuilder.h"

#include <QRandomGenerator>

namespace atelier {

namespace {

// A quoted-string in Content-Disposition cannot hold a raw quote or line break; browsers percent-encode
// these three (HTML form encoding) and servers decode them the same way.
QByteArray quoted(const QByteArray &value)
{
    QByteArray escaped = value;
    escaped.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    return '"' + escaped + '"';
}

} // namespace

MultipartBuilder::MultipartBuilder(BoundarySource boundarySource)
    : m_boundarySource(boundarySource ? std::move(boundarySource) : BoundarySource(&randomBoundary)),
      m_boundary(m_boundarySource())
{}

QByteArray MultipartBuilder::randomBoundary()
{
    static constexpr char Alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray boundary("AtelierFormBoundary");
    for (int i = 0; i < 32; ++i)
        boundary.append(Alphabet[QRandomGenerator::global()->bounded(int(sizeof(Alphabet) - 1))]);
    return boundary;
}

void MultipartBuilder::addField(const QByteArray &name, const QByteArray &value)
{
    add({"Content-Disposition: form-data; name=" + quoted(name) + "\r\n", value});
}

void MultipartBuilder::addFile(const QByteArray &name, const QString &fileName, const QByteArray &contentType,
                               const QByteArray &data)
{
    add({"Content-Disposition: form-data; name=" + quoted(name) + "; filename=" + quoted(fileName.toUtf8()) +
             "\r\nContent-Type: " + contentType + "\r\n",
         data});
}

QByteArray MultipartBuilder::contentType() const
{
    return "multipart/form-data; boundary=" + m_boundary;
}

QByteArray MultipartBuilder::body() const
{
    const QByteArray delimiter = "--" + m_boundary;
    qsizetype size = delimiter.size() + 4;
    for (const Part &part : m_parts)
        size += delimiter.size() + part.headers.size() + part.data.size() + 6;
    QByteArray body;
    body.reserve(size);
    for (const Part &part : m_parts) {
        body.append(delimiter).append("\r\n").append(part.headers).append("\r\n");
        body.append(part.data).append("\r\n");
    }
    body.append(delimiter).append("--\r\n");
    return body;
}

void MultipartBuilder::add(Part part)
{
    m_parts.append(std::move(part));
    const Part &added = m_parts.constLast();
    if (!added.headers.contains(m_boundary) && !added.data.contains(m_boundary))
        return;
    do
        m_boundary = m_boundarySource();
    while (m_boundary.isEmpty() || occursInParts(m_boundary));
}

bool MultipartBuilder::occursInParts(const QByteArray &boundary) const
{
    for (const Part &part : m_parts) {
        if (part.headers.contains(boundary) || part.data.contains(boundary))
            return true;
    }
    return false;
}

} // namespace atelier
