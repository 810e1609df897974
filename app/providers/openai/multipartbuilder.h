#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace atelier {

// Builds a multipart/form-data body (RFC 7578) in memory. QHttpMultiPart would stream from devices, but a
// QByteArray body is what makes the exact bytes testable and lets a retry replay the very same upload.
//
// The boundary is random and is kept absent from every part: each part added is searched for it, and a
// collision draws a new boundary until none of the parts holds it.
class MultipartBuilder final
{
public:
    using BoundarySource = std::function<QByteArray()>;

    // boundarySource draws candidate boundaries (tests inject one); by default 32 random letters and digits.
    explicit MultipartBuilder(BoundarySource boundarySource = {});

    void addField(const QByteArray &name, const QByteArray &value);
    void addFile(const QByteArray &name, const QString &fileName, const QByteArray &contentType,
                 const QByteArray &data);

    QByteArray boundary() const { return m_boundary; }
    QByteArray contentType() const; // "multipart/form-data; boundary=..."
    QByteArray body() const;

    static QByteArray randomBoundary();

private:
    struct Part
    {
        QByteArray headers; // CRLF-terminated header lines
        QByteArray data;
    };

    void add(Part part);
    bool occursInParts(const QByteArray &boundary) const;

    BoundarySource m_boundarySource;
    QByteArray m_boundary;
    QList<Part> m_parts;
};

} // namespace atelier
