#pragma once

#include "domain/modelcatalog.h"
#include "engine/requestimport.h"

#include <QObject>

#include <functional>

class QWidget;

namespace atelier {

// Lets a PNG carrying generation parameters, or an Atelier sidecar, be dropped on the widgets it watches, and
// reads it on the thread pool. Other drags (text, other files) pass on to the widget untouched. Only the
// latest drop is announced; an earlier one still being read is forgotten.
class RequestFileDrop final : public QObject
{
    Q_OBJECT
public:
    // `base` gives the form as it is when a file's contents arrive; they are merged onto it then.
    RequestFileDrop(const ModelCatalog &catalog, std::function<GenerationRequest()> base,
                    QObject *parent = nullptr);

    void watch(QWidget *widget);
    // Reads the file off the GUI thread, then announces it unless another read started meanwhile.
    void read(const QString &path);

Q_SIGNALS:
    void imported(const atelier::ImportedRequest &result);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    const ModelCatalog &m_catalog;
    std::function<GenerationRequest()> m_base;
    quint64 m_lastDrop = 0;
};

} // namespace atelier
