#include "topupdialog.h"

#include "engine/imagegenerationservice.h"
#include "tokentext.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace atelier {

namespace {
// One token is a tenth of a cent: up to a million (US$1,000) at a time, in steps of a hundred.
constexpr int kMaxAmount = 1'000'000;
constexpr int kStep = 100;
constexpr int kDefaultAmount = 1000;
constexpr int kMaxNoteLength = 200;
} // namespace

TopUpDialog::TopUpDialog(ImageGenerationService &service, qint64 profileId, QWidget *parent)
    : QDialog(parent), m_service(service), m_profileId(profileId)
{
    const Profile profile = service.profile(profileId).value_or(Profile{});
    m_balance = profile.balance;
    setWindowTitle(tr("Top up tokens"));

    auto *intro = new QLabel(tr("Add tokens to “%1”. Pictures are paid for with tokens; "
                                "1,000 tokens cost about one US dollar at the providers' prices.")
                                 .arg(profile.name),
                             this);
    intro->setWordWrap(true);
    m_amount = new QSpinBox(this);
    m_amount->setObjectName(QStringLiteral("amountSpin"));
    m_amount->setRange(1, kMaxAmount);
    m_amount->setSingleStep(kStep);
    m_amount->setValue(kDefaultAmount);
    m_amount->setGroupSeparatorShown(true);
    m_amount->setSuffix(tr(" tokens"));
    m_amount->setAccelerated(true);
    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("noteEdit"));
    m_note->setMaxLength(kMaxNoteLength);
    m_note->setPlaceholderText(tr("Optional, for example: monthly budget"));
    m_before = new QLabel(this);
    m_before->setObjectName(QStringLiteral("balanceBefore"));
    m_after = new QLabel(this);
    m_after->setObjectName(QStringLiteral("balanceAfter"));
    QFont bold = m_after->font();
    bold.setBold(true);
    m_after->setFont(bold);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add tokens"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Amount:"), m_amount);
    form->addRow(tr("N&ote:"), m_note);
    form->addRow(tr("Balance now:"), m_before);
    form->addRow(tr("Balance after:"), m_after);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_amount, &QSpinBox::valueChanged, this, &TopUpDialog::showBalances);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TopUpDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TopUpDialog::reject);
    // A generation may settle while the dialog is open: keep "before" and "after" true.
    connect(&service, &ImageGenerationService::balanceChanged, this, [this](qint64 id, qint64 balance) {
        if (id != m_profileId)
            return;
        m_balance = balance;
        showBalances();
    });
    showBalances();
    setMinimumWidth(420);
}

void TopUpDialog::showBalances()
{
    m_before->setText(TokenText::amount(m_balance));
    m_after->setText(TokenText::amount(m_balance + m_amount->value()));
}

void TopUpDialog::accept()
{
    const GenerationError error = m_service.topUp(m_profileId, m_amount->value(), m_note->text().trimmed());
    if (error.isError()) {
        m_problem->setText(error.message);
        m_problem->show();
        return;
    }
    QDialog::accept();
}

} // namespace atelier
