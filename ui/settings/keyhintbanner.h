#pragma once

#include <QWidget>

namespace atelier {

struct StudioContext;

// Said on first run while no OpenAI key is set: where to add one, and that the offline preview works now.
class KeyHintBanner final : public QWidget
{
    Q_OBJECT
public:
    explicit KeyHintBanner(StudioContext &context, QWidget *parent = nullptr);

Q_SIGNALS:
    void settingsRequested();
    void offlineRequested();

private:
    StudioContext &m_context;
};

} // namespace atelier
