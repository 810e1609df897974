#include "trashdialog.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "engine/thumbnailcache.h"
#include "inlineconfirmation.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace atelier {

namespace {

constexpr QSize kThumbnail(120, 120);
constexpr qint64 kThumbnailBytes = 8LL * 1024 * 1024;
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kPathRole = Qt::UserRole + 2;

// No %n plurals: English loads no translation, so it would show "(s)".
QString results(qsizetype count)
{
    return count == 1 ? TrashDialog::tr("1 result") : TrashDialog::tr("%1 results").arg(count);
}

} // namespace

TrashDialog::TrashDialog(StudioContext &context, QWidget *parent) : QDialog(parent), m_context(context)
{
    setWindowTitle(tr("Trash"));
    setObjectName(QStringLiteral("trashDialog"));
    m_thumbnails = new ThumbnailCache(kThumbnail, kThumbnailBytes, this);
    m_model = new QStandardItemModel(this);

    const int days = context.settings.trashDays();
    m_intro = new QLabel(
        days > 0 ? (days == 1 ? tr("Deleted results stay here for a day, then go for good.")
                              : tr("Deleted results stay here for %1 days, then go for good.").arg(days))
                 : tr("Deleted results stay here until you empty the trash."),
        this);
    m_intro->setWordWrap(true);
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("trashList"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setIconSize(kThumbnail);
    m_list->setGridSize(kThumbnail + QSize(48, 64));
    m_list->setWordWrap(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setModel(m_model);
    m_empty = new QLabel(tr("The trash is empty."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("trashMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_cloud = new QCheckBox(tr("Also delete their copies on Cloudinary"), this);
    m_cloud->setObjectName(QStringLiteral("deleteCloudCopies"));
    m_cloud->setChecked(context.service.deletesCloudCopies());
    m_confirmation = new InlineConfirmation(this);

    m_restore = new QPushButton(tr("Restore"), this);
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    m_erase = new QPushButton(tr("Delete for good…"), this);
    m_erase->setObjectName(QStringLiteral("eraseButton"));
    m_emptyTrash = new QPushButton(tr("Empty trash…"), this);
    m_emptyTrash->setObjectName(QStringLiteral("emptyTrashButton"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);
    buttons->addButton(m_erase, QDialogButtonBox::ActionRole);
    buttons->addButton(m_emptyTrash, QDialogButtonBox::ActionRole);
    for (QPushButton *button : {m_restore, m_erase, m_emptyTrash})
        button->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_confirmation);
    layout->addWidget(m_cloud);
    layout->addWidget(buttons);
    resize(760, 520);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_restore, &QPushButton::clicked, this, &TrashDialog::restoreChosen);
    connect(m_erase, &QPushButton::clicked, this, [this] { askToErase(false); });
    connect(m_emptyTrash, &QPushButton::clicked, this, [this] { askToErase(true); });
    connect(m_confirmation, &InlineConfirmation::confirmed, this, &TrashDialog::erase);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TrashDialog::showChoice);
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, &TrashDialog::showThumbnail);
    connect(&context.service, &ImageGenerationService::trashChanged, this, [this](qint64 profileId) {
        if (profileId == m_context.profile.id())
            read();
    });
    connect(&context.service, &ImageGenerationService::changedElsewhere, this, [this](bool everything) {
        if (everything)
            read();
    });
    connect(&context.profile, &CurrentProfile::changedTo, this, &TrashDialog::read);
    read();
}

QList<qint64> TrashDialog::shownIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.append(m_model->item(row)->data(kIdRole).toLongLong());
    return ids;
}

void TrashDialog::choose(const QList<qint64> &ids)
{
    QItemSelection selection;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (ids.contains(m_model->item(row)->data(kIdRole).toLongLong()))
            selection.select(m_model->index(row, 0), m_model->index(row, 0));
    }
    m_list->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void TrashDialog::read()
{
    const QList<qint64> chosen = chosenIds();
    m_trash = m_context.service.trashedGenerations(m_context.profile.id());
    m_model->clear();
    const QLocale locale;
    QPixmap blank(kThumbnail);
    blank.fill(Qt::transparent);
    bool anyInCloud = false;
    for (const Generation &generation : std::as_const(m_trash)) {
        const QString path = generation.resultPaths.value(0);
        QString prompt = generation.request.fullPrompt().simplified();
        if (prompt.size() > 40)
            prompt = prompt.left(39) + QChar(0x2026);
        auto *item = new QStandardItem(
            tr("%1\nDeleted %2")
                .arg(prompt, locale.toString(generation.trashedAt.toLocalTime(), QLocale::ShortFormat)));
        item->setData(generation.id, kIdRole);
        item->setData(path, kPathRole);
        item->setToolTip(generation.request.fullPrompt());
        // A blank of the thumbnail's size until it arrives, so that every cell is laid out alike.
        const QPixmap thumbnail = path.isEmpty() ? QPixmap() : m_thumbnails->thumbnail(path);
        item->setIcon(thumbnail.isNull() ? blank : thumbnail);
        m_model->appendRow(item);
        anyInCloud = anyInCloud || generation.cloud.state != CloudCopy::State::None;
    }
    choose(chosen);
    m_list->setVisible(!m_trash.isEmpty());
    m_empty->setVisible(m_trash.isEmpty());
    m_cloud->setVisible(anyInCloud);
    m_emptyTrash->setEnabled(!m_trash.isEmpty());
    showChoice();
}

QList<qint64> TrashDialog::chosenIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_list->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : rows)
        ids.append(index.data(kIdRole).toLongLong());
    return ids;
}

void TrashDialog::showChoice()
{
    // A question about other results than those chosen or shown now is not answered.
    m_confirmation->hide();
    m_pendingIds.clear();
    const bool any = !chosenIds().isEmpty();
    m_restore->setEnabled(any);
    m_erase->setEnabled(any);
}

void TrashDialog::showThumbnail(const QString &path)
{
    const QPixmap thumbnail = m_thumbnails->thumbnail(path);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QStandardItem *item = m_model->item(row);
        if (item->data(kPathRole).toString() == path && !thumbnail.isNull())
            item->setIcon(thumbnail);
    }
}

void TrashDialog::restoreChosen()
{
    const QList<qint64> ids = chosenIds();
    if (ids.isEmpty())
        return;
    const GenerationError error = m_context.service.restoreGenerations(ids, m_context.profile.id());
    say(error.isError() ? tr("Could not restore them: %1").arg(error.message)
                        : tr("Restored %1 to the gallery.").arg(results(ids.size())));
}

void TrashDialog::askToErase(bool all)
{
    // What the question names is what goes, whatever changes while it is asked.
    m_pendingIds = all ? shownIds() : chosenIds();
    m_pendingProfile = m_context.profile.id();
    const qsizetype count = m_pendingIds.size();
    if (count == 0)
        return;
    const QString question =
        all && count > 1
            ? tr("Delete all %1 in the trash for good? This cannot be undone.").arg(results(count))
            : tr("Delete %1 for good? This cannot be undone.").arg(results(count));
    m_confirmation->ask(question, tr("Delete for good"));
}

void TrashDialog::erase()
{
    if (m_pendingIds.isEmpty())
        return;
    GenerationError error;
    const bool cloud = !m_cloud->isHidden() && m_cloud->isChecked();
    const int erased = m_context.service.eraseFromTrash(m_pendingProfile, m_pendingIds, cloud, &error);
    m_pendingIds.clear();
    say(error.isError() ? tr("Could not delete them: %1").arg(error.message)
                        : tr("Deleted %1 for good.").arg(results(erased)));
}

void TrashDialog::say(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

} // namespace atelier
