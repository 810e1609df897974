#pragma once

#include "domain/generation.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QGridLayout;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace atelier {

class ImageView;
class MarksEditor;
class VariationsPane;
struct StudioContext;

// Everything about the chosen generation: the image (fitted, zoomable), every setting it was made with, how
// long it took, what it cost, its attempts and error, and what can be done with it.
class DetailsPanel final : public QWidget
{
    Q_OBJECT
public:
    DetailsPanel(StudioContext &context, QWidget *parent = nullptr);

    // Nothing: the panel asks to choose an image.
    void show(const std::optional<Generation> &generation);
    std::optional<Generation> generation() const { return m_generation; }
    ImageView *imageView() const { return m_view; }
    MarksEditor *marksEditor() const { return m_marks; }
    VariationsPane *variations() const { return m_variations; }

Q_SIGNALS:
    void reuseRequested(const atelier::GenerationRequest &request);
    // "Delete": the gallery moves it to the trash, undoably.
    void deleteRequested(qint64 id);

private:
    QWidget *buildZoomBar();
    QWidget *buildActions();
    void fillDetails();
    void addRow(const QString &label, const QString &value, Qt::TextFormat format = Qt::PlainText);
    void updateActions();
    void say(const QString &message);
    void copyPrompt();
    void copyImage();
    void retry();
    void upload();
    QString file() const { return m_generation ? m_generation->resultPaths.value(0) : QString(); }

    StudioContext &m_context;
    std::optional<Generation> m_generation;
    QStackedWidget *m_pages;
    ImageView *m_view;
    QLabel *m_zoomLabel;
    QLabel *m_noImage;
    QStackedWidget *m_picture;
    QLabel *m_prompt;
    MarksEditor *m_marks;
    VariationsPane *m_variations;
    QFormLayout *m_form;
    QLabel *m_message;
    QPushButton *m_copyPrompt;
    QPushButton *m_reuse;
    QPushButton *m_retry;
    QPushButton *m_upload;
    QPushButton *m_open;
    QPushButton *m_showInFolder;
    QPushButton *m_copyImage;
    QPushButton *m_delete;
    QList<QPushButton *> m_actions; // in the order they are laid out
    QGridLayout *m_actionGrid;
};

} // namespace atelier
