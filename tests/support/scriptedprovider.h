#pragma once

#include "providers/provider.h"

#include <QHash>
#include <QList>
#include <QQueue>
#include <QSet>

namespace atelier::test {

// A provider whose every attempt does what the test scripted: succeed with images, fail with an error, or
// hang until the test ends it. Records what it was asked to do.
class ScriptedProvider final : public Provider
{
    Q_OBJECT
public:
    struct Outcome
    {
        enum class Kind
        {
            Succeed,
            Fail,
            Hang
        };
        Kind kind = Kind::Succeed;
        GenerationError error;
        ImageUsage usage;
    };

    explicit ScriptedProvider(QString id = QStringLiteral("openai"), QObject *parent = nullptr);

    QString id() const override { return m_id; }
    QString displayName() const override { return QStringLiteral("Scripted"); }
    bool isReady(QString *whyNot) const override;
    void start(const ProviderJob &job) override;
    void cancel(qint64 generationId) override;

    // What the next attempts do, in order; when the script is empty, attempts succeed.
    void script(const QList<Outcome> &outcomes) { m_script.append(outcomes); }
    static Outcome succeed(ImageUsage usage = {}) { return {Outcome::Kind::Succeed, {}, usage}; }
    static Outcome fail(GenerationError error) { return {Outcome::Kind::Fail, std::move(error), {}}; }
    static Outcome hang() { return {Outcome::Kind::Hang, {}, {}}; }

    void setReady(bool ready, const QString &whyNot = {});
    // Ends a hanging attempt.
    void finishHanging(qint64 generationId);
    void failHanging(qint64 generationId, const GenerationError &error);
    // Reports a step of a hanging attempt, with an encoded partial image if given.
    void reportStep(qint64 generationId, int index, int count, const QString &step,
                    const QByteArray &preview = {});

    QList<ProviderJob> started() const { return m_started; }
    QList<qint64> startOrder() const;
    QList<qint64> cancelled() const { return m_cancelled; }
    QList<qint64> hanging() const { return m_hanging.values(); }

    // A small PNG, what a successful attempt returns.
    static QByteArray pngBytes();

private:
    QString m_id;
    bool m_ready = true;
    QString m_whyNot;
    QQueue<Outcome> m_script;
    QList<ProviderJob> m_started;
    QList<qint64> m_cancelled;
    QSet<qint64> m_hanging;
};

} // namespace atelier::test
