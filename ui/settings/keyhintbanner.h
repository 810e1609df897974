#pragma once

#include <QWidget>

namespace atelier {

struct StudioContext;

// Said on first run while no OpenAI key is set: where to add one, and that the offline preview works now.
// It follows the key (gone when one is set, back when it is forgotten) until dismissed for the session.
class KeyHintBanner final : public QWidget
{
    Q_OBJECT
public:
    explicit KeyHintBanner(StudioContext &context, QWidget *parent = nullptr);

    // Hidden until the program ends, whatever happens to the key.
    void dismiss();

Q_SIGNALS:
    void settingsRequested();
    void offlineRequested();

private:
    void follow();

    StudioContext &m_context;
    bool m_dismissed = false;
};

} // namespace atelier
