#include "profilecommands.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"
#include "reportformatter.h"

#include <QJsonArray>

namespace atelier::cli {

int ProfileCommands::run()
{
    QStringList arguments = m_context.commandLine.arguments();
    const QString action = arguments.isEmpty() ? QStringLiteral("list") : arguments.takeFirst();
    const bool json = m_context.commandLine.isSet(QStringLiteral("json"));
    const auto byName = [this](const QString &name) {
        std::optional<Profile> profile = m_context.service.profileByName(name);
        if (!profile)
            m_context.fail(QStringLiteral("there is no profile named \"%1\".").arg(name));
        return profile;
    };
    if (action == QLatin1String("list") && arguments.isEmpty()) {
        GenerationError error;
        if (!m_context.service.defaultProfile(&error))
            return m_context.fail(error);
        QJsonArray items;
        for (const Profile &profile : m_context.service.profiles()) {
            if (json)
                items.append(ReportFormatter::toJson(profile));
            else
                m_context.out << ReportFormatter::profileLine(profile) << '\n';
        }
        if (json)
            m_context.printJson(items);
        m_context.out << Qt::flush;
        return Ok;
    }
    if (action == QLatin1String("create") && arguments.size() == 1) {
        GenerationError error;
        const std::optional<Profile> profile = m_context.service.createProfile(arguments.first(), &error);
        if (!profile)
            return m_context.fail(error);
        if (json)
            m_context.printJson(ReportFormatter::toJson(*profile));
        else
            m_context.out << QStringLiteral("Created profile %1 with %2.")
                                 .arg(profile->name, ReportFormatter::tokens(profile->balance))
                          << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("rename") && arguments.size() == 2) {
        const std::optional<Profile> profile = byName(arguments.first());
        if (!profile)
            return BadInput;
        if (const GenerationError error = m_context.service.renameProfile(profile->id, arguments.last());
            error.isError())
            return m_context.fail(error);
        m_context.out
            << QStringLiteral("Renamed profile %1 to %2.").arg(profile->name, arguments.last().trimmed())
            << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("topup") && arguments.size() == 2) {
        const std::optional<Profile> profile = byName(arguments.first());
        if (!profile)
            return BadInput;
        bool ok = false;
        const qint64 amount = arguments.last().toLongLong(&ok);
        if (!ok || amount <= 0)
            return m_context.fail(
                QStringLiteral("the amount to top up must be a positive whole number of tokens, not '%1'.")
                    .arg(arguments.last()));
        if (const GenerationError error = m_context.service.topUp(
                profile->id, amount, m_context.commandLine.value(QStringLiteral("note")));
            error.isError())
            return m_context.fail(error);
        m_context.out << QStringLiteral("Added %1 tokens to %2; the balance is %3.")
                             .arg(amount)
                             .arg(profile->name)
                             .arg(m_context.service.profile(profile->id)->balance)
                      << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("ledger") && arguments.size() <= 1) {
        const std::optional<Profile> profile =
            arguments.isEmpty() ? m_context.resolveProfile() : byName(arguments.first());
        if (!profile)
            return BadInput;
        QJsonArray items;
        for (const LedgerEntry &entry : m_context.service.ledgerEntries(profile->id)) {
            if (json)
                items.append(ReportFormatter::toJson(entry));
            else
                m_context.out << ReportFormatter::ledgerLine(entry) << '\n';
        }
        if (json)
            m_context.printJson(items);
        else
            m_context.out
                << QStringLiteral("Balance: %1 tokens").arg(m_context.service.profile(profile->id)->balance)
                << Qt::endl;
        return Ok;
    }
    return m_context.fail(QStringLiteral(
        "'profiles' takes: list | create NAME | rename NAME NEW | topup NAME AMOUNT | ledger [NAME]."));
}

} // namespace atelier::cli
