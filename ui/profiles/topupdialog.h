#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace atelier {

class ImageGenerationService;

// Adds tokens to a profile: an amount, an optional note, the balance before and after. Accepted once the
// service wrote the top-up to the ledger; if it refuses, its reason shows and the dialog stays open.
class TopUpDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopUpDialog)
public:
    TopUpDialog(ImageGenerationService &service, qint64 profileId, QWidget *parent = nullptr);

    void accept() override;

private:
    void showBalances();

    ImageGenerationService &m_service;
    qint64 m_profileId = 0;
    qint64 m_balance = 0;
    QSpinBox *m_amount = nullptr;
    QLineEdit *m_note = nullptr;
    QLabel *m_before = nullptr;
    QLabel *m_after = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace atelier
