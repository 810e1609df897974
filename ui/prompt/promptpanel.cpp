#include "promptpanel.h"

#include "aspectratiopicker.h"
#include "currentprofile.h"
#include "domain/generationerror.h"
#include "engine/imagegenerationservice.h"
#include "engine/openaiaccess.h"
#include "icons.h"
#include "modeloptionsform.h"
#include "modelpicker.h"
#include "profiles/tokentext.h"
#include "referenceimagestrip.h"
#include "requestfiledrop.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QAction>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace atelier {

namespace {
QLabel *sectionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

PromptPanel::PromptPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    const ModelCatalog &catalog = context.service.catalog();
    auto *form = new QWidget(this);
    auto *layout = new QVBoxLayout(form);

    layout->addWidget(sectionLabel(tr("Prompt"), form));
    m_prompt = new QPlainTextEdit(form);
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setPlaceholderText(tr("Describe the image: subject, setting, light, mood…"));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMinimumHeight(110);
    setFocusProxy(m_prompt);
    layout->addWidget(m_prompt, 1);
    m_count = new QLabel(form);
    m_count->setAlignment(Qt::AlignRight);
    m_count->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_count);
    m_customPrompt = new QLineEdit(form);
    m_customPrompt->setObjectName(QStringLiteral("customPrompt"));
    m_customPrompt->setPlaceholderText(tr("House style, added to every prompt (optional)"));
    m_customPrompt->setClearButtonEnabled(true);
    layout->addWidget(m_customPrompt);

    layout->addWidget(sectionLabel(tr("Model"), form));
    m_model = new ModelPicker(catalog, form);
    m_model->setObjectName(QStringLiteral("model"));
    layout->addWidget(m_model);
    m_modelNote = new QLabel(form);
    m_modelNote->setWordWrap(true);
    m_modelNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_modelNote);

    layout->addWidget(sectionLabel(tr("Aspect ratio"), form));
    m_aspect = new AspectRatioPicker(form);
    layout->addWidget(m_aspect);

    m_options = new ModelOptionsForm(catalog, form);
    layout->addWidget(m_options);

    m_references = new QWidget(form);
    auto *references = new QVBoxLayout(m_references);
    references->setContentsMargins(0, 0, 0, 0);
    references->addWidget(sectionLabel(tr("Reference images"), m_references));
    m_productImages = new ReferenceImageStrip(tr("Product"), m_references);
    m_productImages->setObjectName(QStringLiteral("productImages"));
    m_modelImages = new ReferenceImageStrip(tr("Model (person)"), m_references);
    m_modelImages->setObjectName(QStringLiteral("modelImages"));
    references->addWidget(m_productImages);
    references->addWidget(m_modelImages);
    layout->addWidget(m_references);
    m_referenceNote = new QLabel(form);
    m_referenceNote->setWordWrap(true);
    m_referenceNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_referenceNote);
    layout->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    m_filledFrom = new QLabel(this);
    m_filledFrom->setObjectName(QStringLiteral("filledFrom"));
    m_filledFrom->setWordWrap(true);
    m_filledFrom->setForegroundRole(QPalette::PlaceholderText);
    m_filledFrom->hide();
    m_cost = new QLabel(this);
    m_cost->setObjectName(QStringLiteral("cost"));
    m_balance = new QLabel(this);
    m_balance->setObjectName(QStringLiteral("balance"));
    m_balance->setForegroundRole(QPalette::PlaceholderText);
    m_generate = new QPushButton(Icons::icon(QStringLiteral("generate")), tr("Generate"), this);
    m_generate->setObjectName(QStringLiteral("generate"));
    m_generate->setDefault(true);
    m_generate->setMinimumHeight(36);
    m_generate->setToolTip(tr("Queue this request (Ctrl+Enter)"));

    auto *costs = new QVBoxLayout;
    costs->addWidget(m_cost);
    costs->addWidget(m_balance);
    auto *footer = new QHBoxLayout;
    footer->addLayout(costs, 1);
    footer->addWidget(m_generate);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->addWidget(scroll, 1);
    outer->addWidget(m_filledFrom);
    outer->addWidget(m_problem);
    outer->addLayout(footer);

    auto *generateAction = new QAction(tr("Generate"), this);
    generateAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    generateAction->setShortcutContext(Qt::WindowShortcut);
    addAction(generateAction);
    connect(generateAction, &QAction::triggered, this, &PromptPanel::generate);
    connect(m_generate, &QPushButton::clicked, this, &PromptPanel::generate);

    m_checkTimer = new QTimer(this);
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(150);
    connect(m_checkTimer, &QTimer::timeout, this, &PromptPanel::check);
    // A new prompt or model is a new request: a seed kept from a filled-in one goes with it.
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        updateCount();
        scheduleCheck();
        onEdited(true);
    });
    connect(m_customPrompt, &QLineEdit::textChanged, this, [this] {
        updateCount();
        scheduleCheck();
        onEdited(true);
    });
    connect(m_model, &ModelPicker::modelChanged, this, [this] {
        onModelChanged();
        onEdited(true);
    });
    const auto edited = [this] {
        scheduleCheck();
        onEdited(false);
    };
    connect(m_aspect, &AspectRatioPicker::ratioChanged, this, edited);
    connect(m_options, &ModelOptionsForm::changed, this, edited);
    connect(m_productImages, &ReferenceImageStrip::pathsChanged, this, edited);
    connect(m_modelImages, &ReferenceImageStrip::pathsChanged, this, edited);
    connect(&context.service, &ImageGenerationService::balanceChanged, this, [this](qint64 profileId) {
        if (profileId == m_context.profile.id())
            scheduleCheck();
    });
    connect(&context.profile, &CurrentProfile::changedTo, this, &PromptPanel::scheduleCheck);
    // A key saved or forgotten in Settings changes what the OpenAI models may do.
    connect(&context.openAi, &OpenAiAccess::changed, this, &PromptPanel::scheduleCheck);

    m_fileDrop = new RequestFileDrop(
        catalog, [this] { return request(); }, this);
    m_fileDrop->watch(this);
    m_fileDrop->watch(m_prompt->viewport());
    connect(m_fileDrop, &RequestFileDrop::imported, this, [this](const ImportedRequest &imported) {
        if (imported.error.isEmpty())
            setRequest(imported.request);
        // Until the next edit, which hides it (or leaves only the kept seed's note).
        m_filledFrom->setText(imported.error.isEmpty() ? imported.summary : imported.error);
        m_filledFrom->show();
    });

    GenerationRequest defaults = context.settings.promptDefaults();
    if (!catalog.model(defaults.model))
        defaults.model = catalog.defaultModel();
    setRequest(defaults);
}

GenerationRequest PromptPanel::request() const
{
    GenerationRequest request;
    request.profileId = m_context.profile.id();
    request.prompt = m_prompt->toPlainText().trimmed();
    request.customPrompt = m_customPrompt->text().trimmed();
    request.model = m_model->modelId();
    request.aspectRatio = m_aspect->ratio();
    request.quality = m_options->quality();
    request.style = m_options->style();
    request.imageCount = m_options->imageCount();
    request.parameters = m_options->parameters();
    if (m_seed.isValid())
        request.parameters.insert(QStringLiteral("seed"), m_seed);
    if (!m_references->isHidden()) {
        request.productImages = m_productImages->paths();
        request.modelImages = m_modelImages->paths();
    }
    return request;
}

void PromptPanel::setRequest(const GenerationRequest &request)
{
    const QScopedValueRollback filling(m_filling, true);
    if (!request.prompt.isEmpty() || !request.customPrompt.isEmpty()) {
        m_prompt->setPlainText(request.prompt);
        m_customPrompt->setText(request.customPrompt);
    }
    useModel(request.model);
    m_aspect->setRatio(request.aspectRatio);
    if (!request.quality.isEmpty())
        m_options->setQuality(request.quality);
    if (!request.style.isEmpty())
        m_options->setStyle(request.style);
    m_options->setImageCount(request.imageCount);
    m_options->setParameters(request.parameters);
    m_seed = request.parameters.value(QStringLiteral("seed"));
    m_productImages->setPaths(request.productImages);
    m_modelImages->setPaths(request.modelImages);
    updateCount();
    scheduleCheck();
    showSeed();
}

void PromptPanel::onEdited(bool newRequest)
{
    if (m_filling)
        return;
    if (newRequest)
        m_seed.clear();
    showSeed();
}

void PromptPanel::showSeed()
{
    if (!m_seed.isValid()) {
        m_filledFrom->hide();
        return;
    }
    m_filledFrom->setText(tr("Seed %1 is kept from the request filled in, so the next generation repeats it. "
                             "Changing the prompt or the model lets it go.")
                              .arg(m_seed.toLongLong()));
    m_filledFrom->show();
}

void PromptPanel::useModel(const QString &modelId)
{
    if (m_model->modelId() == modelId)
        onModelChanged();
    else
        m_model->setModelId(modelId);
}

void PromptPanel::onModelChanged()
{
    const ModelSpec *spec = m_context.service.catalog().model(m_model->modelId());
    if (!spec)
        return;
    m_modelNote->setText(spec->description);
    m_aspect->setModel(*spec);
    m_options->setModel(*spec);
    m_references->setVisible(spec->maxReferenceImages > 0);
    m_referenceNote->setText(
        spec->maxReferenceImages > 0
            ? tr("Up to %n reference images in all; they turn the request into an edit.", nullptr,
                 spec->maxReferenceImages)
            : tr("This model works from the prompt alone: it takes no reference images."));
    updateCount();
    scheduleCheck();
}

void PromptPanel::updateCount()
{
    const ModelSpec *spec = m_context.service.catalog().model(m_model->modelId());
    GenerationRequest shape;
    shape.prompt = m_prompt->toPlainText().trimmed();
    shape.customPrompt = m_customPrompt->text().trimmed();
    const int length = int(shape.fullPrompt().size());
    const int limit = spec ? spec->maxPromptLength : 0;
    const QLocale locale;
    if (limit > 0 && length > limit) {
        m_count->setText(
            tr("%1 / %2 characters: %3 too many")
                .arg(locale.toString(length), locale.toString(limit), locale.toString(length - limit)));
        m_count->setForegroundRole(QPalette::WindowText);
    } else {
        m_count->setText(tr("%1 / %2 characters").arg(locale.toString(length), locale.toString(limit)));
        m_count->setForegroundRole(QPalette::PlaceholderText);
    }
}

void PromptPanel::scheduleCheck()
{
    m_checkTimer->start();
}

void PromptPanel::check()
{
    const GenerationRequest request = this->request();
    m_estimate = 0;
    GenerationError error = m_context.service.validateRequest(request, &m_estimate);
    const qint64 balance = m_context.profile.profile().balance;
    showBalance();
    // The reservation on submit would refuse it; say so while the form can still change.
    if (!error.isError() && m_estimate > balance)
        error = GenerationError::make(GenerationError::Category::InsufficientTokens,
                                      tr("This needs up to %1 and the profile has %2.")
                                          .arg(TokenText::amount(m_estimate), TokenText::amount(balance)));
    // No price can be given for a request that cannot be made.
    m_cost->setText(m_estimate > 0    ? tr("About %1").arg(TokenText::amount(m_estimate))
                    : error.isError() ? QString()
                                      : tr("Free"));
    if (request.prompt.isEmpty()) {
        m_generate->setEnabled(false);
        m_problem->hide();
        return;
    }
    m_generate->setEnabled(!error.isError());
    m_problem->setVisible(error.isError());
    if (error.isError()) {
        const QString action = suggestedAction(error);
        m_problem->setText(action.isEmpty() ? error.message : error.message + QLatin1Char(' ') + action);
    }
}

void PromptPanel::showBalance()
{
    m_balance->setText(tr("Balance %1").arg(TokenText::amount(m_context.profile.profile().balance)));
}

bool PromptPanel::generate()
{
    check();
    if (!m_generate->isEnabled())
        return false;
    const ImageGenerationService::Submission submission = m_context.service.generateImage(request());
    if (submission.error.isError()) {
        m_problem->setText(submission.error.message);
        m_problem->show();
        return false;
    }
    Q_EMIT generationQueued(submission.id, submission.position);
    return true;
}

} // namespace atelier
