#include "detailspanel.h"

#include "choicetext.h"
#include "currentprofile.h"
#include "durationtext.h"
#include "engine/cloudaccess.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "imageview.h"
#include "markkeys.h"
#include "markseditor.h"
#include "studiocontext.h"
#include "variationspane.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace atelier {

namespace {

QString statusText(GenerationStatus status)
{
    switch (status) {
    case GenerationStatus::Pending:
        return DetailsPanel::tr("Waiting in the queue");
    case GenerationStatus::Processing:
        return DetailsPanel::tr("Being made");
    case GenerationStatus::Completed:
        return DetailsPanel::tr("Finished");
    case GenerationStatus::Failed:
        return DetailsPanel::tr("Failed");
    case GenerationStatus::Cancelled:
        return DetailsPanel::tr("Cancelled");
    }
    return {};
}

// What the generation costs the profile: settled once it is done, held while it runs, given back when it
// fails or is cancelled.
QString costText(const Generation &g)
{
    switch (g.status) {
    case GenerationStatus::Completed:
        return DetailsPanel::tr("%1 tokens").arg(g.tokensCharged);
    case GenerationStatus::Pending:
    case GenerationStatus::Processing:
        return DetailsPanel::tr("%1 tokens held, returned if it fails").arg(g.tokensReserved);
    case GenerationStatus::Failed:
    case GenerationStatus::Cancelled:
        return g.tokensReserved > 0
                   ? DetailsPanel::tr("Nothing charged (the %1 tokens held for it came back)")
                         .arg(g.tokensReserved)
                   : DetailsPanel::tr("Nothing charged");
    }
    return {};
}

// Where the cloud copy stands, with the links once it is there.
QString cloudText(const CloudCopy &cloud)
{
    switch (cloud.state) {
    case CloudCopy::State::None:
        return {};
    case CloudCopy::State::Pending:
        return DetailsPanel::tr("Uploading to cloud storage…");
    case CloudCopy::State::Failed:
        return DetailsPanel::tr("Not uploaded: %1").arg(cloud.error);
    case CloudCopy::State::Uploaded:
        break;
    }
    QStringList links;
    for (const CloudAsset &asset : cloud.assets)
        links.append(QStringLiteral("<a href=\"%1\">%2</a>")
                         .arg(asset.secureUrl.toHtmlEscaped(), asset.publicId.toHtmlEscaped()));
    return links.join(QStringLiteral("<br>"));
}

QToolButton *zoomButton(const QString &icon, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setIcon(Icons::icon(icon));
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

DetailsPanel::DetailsPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_pages = new QStackedWidget(this);
    auto *empty = new QLabel(tr("Choose an image to see how it was made."), m_pages);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);

    auto *content = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_picture = new QStackedWidget(content);
    m_view = new ImageView(m_picture);
    m_noImage = new QLabel(m_picture);
    m_noImage->setAlignment(Qt::AlignCenter);
    m_noImage->setWordWrap(true);
    m_noImage->setForegroundRole(QPalette::PlaceholderText);
    m_picture->addWidget(m_view);
    m_picture->addWidget(m_noImage);
    layout->addWidget(buildZoomBar());
    layout->addWidget(m_picture, 3);

    auto *scroll = new QScrollArea(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *info = new QWidget(scroll);
    auto *infoLayout = new QVBoxLayout(info);
    m_prompt = new QLabel(info);
    m_prompt->setObjectName(QStringLiteral("promptLabel"));
    m_prompt->setWordWrap(true);
    m_prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont promptFont = m_prompt->font();
    promptFont.setPointSizeF(promptFont.pointSizeF() * 1.1);
    m_prompt->setFont(promptFont);
    m_marks = new MarksEditor(context, info);
    m_marks->setObjectName(QStringLiteral("marksEditor"));
    m_message = new QLabel(info);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_variations = new VariationsPane(context, info);
    m_variations->setObjectName(QStringLiteral("variationsPane"));
    infoLayout->addWidget(m_prompt);
    infoLayout->addWidget(m_marks);
    infoLayout->addWidget(buildActions());
    infoLayout->addWidget(m_message);
    infoLayout->addWidget(m_variations);
    infoLayout->addLayout(m_form);
    infoLayout->addStretch(1);
    scroll->setWidget(info);
    layout->addWidget(scroll, 2);

    m_pages->addWidget(empty);
    m_pages->addWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    connect(m_marks, &MarksEditor::failed, this, &DetailsPanel::say);
    connect(m_variations, &VariationsPane::said, this, &DetailsPanel::say);
    // The rating keys work on the picture too; 0 stays the viewer's "fit".
    auto *keys = new MarkKeys(
        context, m_view,
        [this] {
            // As the store has it now: a second F must see the first one's mark.
            const std::optional<Generation> now =
                m_generation ? m_context.service.getGenerationStatus(m_generation->id) : std::nullopt;
            return now ? QList<GenerationTile>{GenerationTile::of(*now)} : QList<GenerationTile>{};
        },
        false);
    connect(keys, &MarkKeys::failed, this, &DetailsPanel::say);
    connect(&m_context.service, &ImageGenerationService::cloudCopyChanged, this,
            [this](const Generation &generation) {
                if (!m_generation || m_generation->id != generation.id)
                    return;
                // What it said of the upload is over once the copy has moved on.
                if (m_generation->cloud.state != generation.cloud.state)
                    say({});
                show(generation);
            });
    connect(&m_context.cloud, &CloudAccess::changed, this, &DetailsPanel::updateActions);
    connect(&m_context.service, &ImageGenerationService::cloudUploadProgressed, this,
            [this](qint64 id, int percent) {
                if (m_generation && m_generation->id == id)
                    say(tr("Uploading to cloud storage… %1 %").arg(percent));
            });
    connect(m_view, &ImageView::imageLoaded, this, &DetailsPanel::updateActions);
    show(std::nullopt);
}

QWidget *DetailsPanel::buildZoomBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *out = zoomButton(QStringLiteral("zoom-out"), tr("Zoom out (-)"), bar);
    auto *fit = zoomButton(QStringLiteral("zoom-fit"), tr("Fit to the window (0)"), bar);
    auto *in = zoomButton(QStringLiteral("zoom-in"), tr("Zoom in (+)"), bar);
    m_zoomLabel = new QLabel(bar);
    m_zoomLabel->setMinimumWidth(m_zoomLabel->fontMetrics().horizontalAdvance(QStringLiteral("8888 %")));
    layout->addStretch(1);
    layout->addWidget(out);
    layout->addWidget(m_zoomLabel);
    layout->addWidget(in);
    layout->addWidget(fit);
    connect(out, &QToolButton::clicked, m_view, &ImageView::zoomOut);
    connect(in, &QToolButton::clicked, m_view, &ImageView::zoomIn);
    connect(fit, &QToolButton::clicked, m_view, &ImageView::zoomToFit);
    connect(m_view, &ImageView::zoomChanged, m_zoomLabel, [this](double zoom, bool fitted) {
        m_zoomLabel->setText(fitted ? tr("Fit (%1 %)").arg(qRound(zoom * 100))
                                    : tr("%1 %").arg(qRound(zoom * 100)));
    });
    return bar;
}

QWidget *DetailsPanel::buildActions()
{
    auto *box = new QWidget(this);
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    const auto make = [box](const QString &icon, const QString &text, const QString &name) {
        auto *button = new QPushButton(Icons::icon(icon), text, box);
        button->setObjectName(name);
        return button;
    };
    m_reuse = make(QStringLiteral("reuse"), tr("Use these settings"), QStringLiteral("reuseButton"));
    m_copyPrompt = make(QStringLiteral("copy"), tr("Copy prompt"), QStringLiteral("copyPromptButton"));
    m_retry = make(QStringLiteral("retry"), tr("Try again"), QStringLiteral("retryButton"));
    m_open = make(QStringLiteral("open"), tr("Open"), QStringLiteral("openButton"));
    m_showInFolder =
        make(QStringLiteral("folder"), tr("Show in folder"), QStringLiteral("showInFolderButton"));
    m_copyImage = make(QStringLiteral("image"), tr("Copy image"), QStringLiteral("copyImageButton"));
    m_upload = make(QStringLiteral("upload"), tr("Upload to cloud"), QStringLiteral("uploadButton"));
    m_delete = make(QStringLiteral("delete"), tr("Delete"), QStringLiteral("deleteButton"));
    m_actions = {m_reuse, m_copyPrompt, m_open, m_showInFolder, m_copyImage, m_retry, m_upload, m_delete};
    m_actionGrid = grid;

    connect(m_reuse, &QPushButton::clicked, this, [this] {
        if (m_generation)
            Q_EMIT reuseRequested(m_generation->request);
    });
    connect(m_copyPrompt, &QPushButton::clicked, this, &DetailsPanel::copyPrompt);
    connect(m_retry, &QPushButton::clicked, this, &DetailsPanel::retry);
    connect(m_open, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(file())); });
    connect(m_showInFolder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file()).absolutePath())); });
    connect(m_copyImage, &QPushButton::clicked, this, &DetailsPanel::copyImage);
    connect(m_upload, &QPushButton::clicked, this, &DetailsPanel::upload);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (m_generation)
            Q_EMIT deleteRequested(m_generation->id);
    });
    return box;
}

void DetailsPanel::show(const std::optional<Generation> &generation)
{
    const bool other = !generation || !m_generation || generation->id != m_generation->id;
    m_generation = generation;
    m_pages->setCurrentIndex(generation ? 1 : 0);
    if (other) {
        m_message->hide();
    }
    if (other)
        m_variations->setGeneration(generation);
    if (!generation) {
        m_view->setPath({});
        return;
    }
    m_view->setPath(file());
    if (file().isEmpty()) {
        m_noImage->setText(generation->status == GenerationStatus::Failed ||
                                   generation->status == GenerationStatus::Cancelled
                               ? tr("No image: %1").arg(statusText(generation->status).toLower())
                               : tr("The image is on its way."));
        m_picture->setCurrentWidget(m_noImage);
    } else {
        m_picture->setCurrentWidget(m_view);
    }
    m_prompt->setText(generation->request.prompt);
    m_marks->setGeneration(*generation);
    fillDetails();
    updateActions();
}

void DetailsPanel::addRow(const QString &label, const QString &value, Qt::TextFormat format)
{
    if (value.isEmpty())
        return;
    auto *field = new QLabel(value, this);
    field->setWordWrap(true);
    field->setTextFormat(format);
    field->setTextInteractionFlags(format == Qt::RichText ? Qt::TextBrowserInteraction
                                                          : Qt::TextSelectableByMouse);
    field->setOpenExternalLinks(true);
    m_form->addRow(label, field);
}

void DetailsPanel::fillDetails()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    const Generation &g = *m_generation;
    const QLocale locale;
    const ModelSpec *spec = m_context.service.catalog().model(g.request.model);
    addRow(tr("Status"), statusText(g.status));
    if (g.error.isError()) {
        const QString action = suggestedAction(g.error);
        addRow(tr("What went wrong"), action.isEmpty() ? g.error.message : g.error.message + u' ' + action);
    }
    addRow(tr("Cloud copy"), cloudText(g.cloud),
           g.cloud.state == CloudCopy::State::Uploaded ? Qt::RichText : Qt::PlainText);
    addRow(tr("Added to the prompt"), g.request.customPrompt);
    addRow(tr("Model"), spec ? spec->label : g.request.model);
    addRow(tr("Size"), g.size.isEmpty() ? g.request.size : g.size);
    addRow(tr("Aspect ratio"), g.request.aspectRatio);
    addRow(tr("Quality"), ChoiceText::label(g.request.quality));
    addRow(tr("Style"), ChoiceText::label(g.request.style));
    addRow(tr("Images"), QString::number(g.request.imageCount));
    if (!g.request.referenceImages().isEmpty())
        addRow(tr("Reference images"), g.request.referenceImages().join(u'\n'));
    QStringList options;
    for (auto it = g.request.parameters.cbegin(); it != g.request.parameters.cend(); ++it)
        options.append(QStringLiteral("%1: %2").arg(ChoiceText::optionName(it.key()),
                                                    ChoiceText::label(it.value().toString())));
    addRow(tr("Options"), options.join(u'\n'));
    addRow(tr("Created"), locale.toString(g.createdAt.toLocalTime(), QLocale::ShortFormat));
    addRow(tr("Time to make"),
           g.processingMs() >= 0 ? DurationText::compact(g.processingMs()) : tr("Not known"));
    addRow(tr("Cost"), costText(g));
    addRow(tr("Attempts"),
           g.run > 1 ? tr("%1 (try %2)").arg(g.attempts).arg(g.run) : QString::number(g.attempts));
    if (g.resultPaths.size() > 1)
        addRow(tr("Files"), g.resultPaths.join(u'\n'));
    else
        addRow(tr("File"), g.resultPaths.value(0));
}

void DetailsPanel::updateActions()
{
    const bool has = m_generation.has_value();
    const bool hasFile = !file().isEmpty();
    m_reuse->setEnabled(has);
    m_copyPrompt->setEnabled(has);
    m_open->setEnabled(hasFile);
    m_showInFolder->setEnabled(hasFile);
    m_copyImage->setEnabled(hasFile && !m_view->image().isNull());
    m_retry->setVisible(has && (m_generation->status == GenerationStatus::Failed ||
                                m_generation->status == GenerationStatus::Cancelled));
    // An upload of its own: after one failed, or for a result made before uploads were on.
    const bool completed = has && m_generation->status == GenerationStatus::Completed;
    m_upload->setVisible(completed && m_context.service.canUpload() &&
                         (m_generation->cloud.state == CloudCopy::State::Failed ||
                          m_generation->cloud.state == CloudCopy::State::None));
    m_upload->setText(completed && m_generation->cloud.state == CloudCopy::State::Failed
                          ? tr("Retry upload")
                          : tr("Upload to cloud"));
    m_delete->setEnabled(has && isTerminal(m_generation->status));
    m_delete->setToolTip(m_delete->isEnabled() ? tr("Move to the trash (Delete); Ctrl+Z brings it back")
                                               : tr("Cancel it in the queue first."));
    // Two columns of the buttons that apply, without holes where the others would be.
    int placed = 0;
    for (QPushButton *button : std::as_const(m_actions)) {
        m_actionGrid->removeWidget(button);
        if (!button->isHidden()) {
            m_actionGrid->addWidget(button, placed / 2, placed % 2);
            ++placed;
        }
    }
}

void DetailsPanel::say(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void DetailsPanel::copyPrompt()
{
    if (m_generation)
        QGuiApplication::clipboard()->setText(m_generation->request.fullPrompt());
}

void DetailsPanel::copyImage()
{
    if (m_view->image().isNull())
        return;
    auto *mime = new QMimeData;
    mime->setImageData(m_view->image());
    mime->setUrls({QUrl::fromLocalFile(file())});
    QGuiApplication::clipboard()->setMimeData(mime);
}

void DetailsPanel::retry()
{
    if (!m_generation)
        return;
    const auto submission = m_context.service.retryGeneration(m_generation->id, m_context.profile.id());
    say(submission.error.isError() ? submission.error.message
                                   : tr("Queued again, place %1 in the queue.").arg(submission.position));
}

void DetailsPanel::upload()
{
    if (!m_generation)
        return;
    const GenerationError error =
        m_context.service.uploadGeneration(m_generation->id, m_context.profile.id());
    say(error.isError() ? error.message : QString());
}

} // namespace atelier
