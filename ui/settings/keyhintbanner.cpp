#include "keyhintbanner.h"

#include "engine/openaiaccess.h"
#include "iconlabel.h"
#include "icons.h"
#include "studiocontext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace atelier {

KeyHintBanner::KeyHintBanner(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("keyHintBanner"));
    // Set apart from the panel below by the palette's own second background.
    setBackgroundRole(QPalette::AlternateBase);
    setAutoFillBackground(true);

    auto *icon = new IconLabel(QStringLiteral("key"), style()->pixelMetric(QStyle::PM_LargeIconSize), this);
    icon->setAlignment(Qt::AlignTop);
    auto *text = new QLabel(tr("No OpenAI key yet. Add one in Settings to use the OpenAI models, or try the "
                               "offline preview (no AI) now."),
                            this);
    text->setWordWrap(true);
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("dismissKeyHint"));
    close->setIcon(Icons::icon(QStringLiteral("clear")));
    close->setAutoRaise(true);
    close->setToolTip(tr("Hide until Atelier restarts"));
    close->setAccessibleName(tr("Hide"));

    auto *settings = new QPushButton(Icons::icon(QStringLiteral("settings")), tr("Add a key…"), this);
    settings->setObjectName(QStringLiteral("openSettings"));
    auto *offline =
        new QPushButton(Icons::icon(QStringLiteral("offline")), tr("Try the offline preview"), this);
    offline->setObjectName(QStringLiteral("useOffline"));

    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addWidget(text, 1);
    top->addWidget(close, 0, Qt::AlignTop);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(settings);
    buttons->addWidget(offline);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(buttons);

    connect(settings, &QPushButton::clicked, this, &KeyHintBanner::settingsRequested);
    connect(offline, &QPushButton::clicked, this, &KeyHintBanner::offlineRequested);
    connect(close, &QToolButton::clicked, this, &KeyHintBanner::dismiss);
    connect(&context.openAi, &OpenAiAccess::changed, this, &KeyHintBanner::follow);
    follow();
}

void KeyHintBanner::dismiss()
{
    m_dismissed = true;
    follow();
}

void KeyHintBanner::follow()
{
    const OpenAiAccess &openAi = m_context.openAi;
    // While the keychain is still being asked the key may well be there: no hint that flashes away.
    setVisible(!m_dismissed && !openAi.hasKey() && !openAi.isBusy());
}

} // namespace atelier
