#pragma once

#include "domain/generationrequest.h"

#include <QVariant>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace atelier {

class AspectRatioPicker;
class ModelOptionsForm;
class ModelPicker;
class ReferenceImageStrip;
class RequestFileDrop;
struct StudioContext;

// The form a generation starts from: prompt, model, aspect ratio, quality and options, reference images,
// the estimated cost beside the balance, and Generate (Ctrl+Enter). What the engine would refuse is said
// under the form while typing, and Generate waits until it is fixed. A PNG with generation parameters or an
// Atelier sidecar dropped on the prompt (or the panel outside the reference strips) fills the form; a line
// under it says from what, until the next edit.
class PromptPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit PromptPanel(StudioContext &context, QWidget *parent = nullptr);

    // The form as a request for the current profile.
    GenerationRequest request() const;
    // Fills the form from a request (reuse settings).
    void setRequest(const GenerationRequest &request);
    void useModel(const QString &modelId);

    // Queues the form's request; false (and the reason shown) when it is refused.
    bool generate();

Q_SIGNALS:
    void generationQueued(qint64 id, int position);

private:
    void onModelChanged();
    void scheduleCheck();
    void check();
    void showBalance();
    void updateCount();
    // A change the person made; `newRequest` when it was the prompt or the model.
    void onEdited(bool newRequest);
    // The kept seed said under the form, or the line hidden when there is none.
    void showSeed();

    StudioContext &m_context;
    QPlainTextEdit *m_prompt = nullptr;
    QLabel *m_count = nullptr;
    QLineEdit *m_customPrompt = nullptr;
    ModelPicker *m_model = nullptr;
    QLabel *m_modelNote = nullptr;
    AspectRatioPicker *m_aspect = nullptr;
    ModelOptionsForm *m_options = nullptr;
    QWidget *m_references = nullptr;
    ReferenceImageStrip *m_productImages = nullptr;
    ReferenceImageStrip *m_modelImages = nullptr;
    QLabel *m_referenceNote = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_cost = nullptr;
    QLabel *m_balance = nullptr;
    QPushButton *m_generate = nullptr;
    QTimer *m_checkTimer = nullptr;
    RequestFileDrop *m_fileDrop = nullptr;
    QLabel *m_filledFrom = nullptr;
    qint64 m_estimate = 0;
    // The form has no field for it: kept from the last request set, to reproduce it, until the prompt or the
    // model changes; said under the form while it is kept.
    QVariant m_seed;
    bool m_filling = false; // setRequest() is changing the widgets: not the person's edits
};

} // namespace atelier
