#pragma once

#include "domain/profile.h"

#include <QObject>

namespace atelier {

class ImageGenerationService;

// The profile the window works for. Panels show its data and follow changedTo().
class CurrentProfile final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CurrentProfile)
public:
    explicit CurrentProfile(ImageGenerationService &service, QObject *parent = nullptr);

    qint64 id() const { return m_id; }
    // The profile as the store has it now (name, balance).
    Profile profile() const;
    void setId(qint64 id);

Q_SIGNALS:
    void changedTo(qint64 id);

private:
    ImageGenerationService &m_service;
    qint64 m_id = 0;
};

} // namespace atelier
