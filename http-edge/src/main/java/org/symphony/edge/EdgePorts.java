package org.symphony.edge;

import java.time.Clock;
import org.symphony.edge.admin.AuditQueries;
import org.symphony.edge.admin.ClientAdmin;
import org.symphony.edge.admin.ClusterAdmin;
import org.symphony.edge.admin.Interventions;
import org.symphony.edge.admin.ReconciliationTrigger;
import org.symphony.edge.admin.LedgerReads;
import org.symphony.edge.admin.ParticipantAdmin;
import org.symphony.edge.attest.Blackhole;
import org.symphony.edge.attest.IngressLedger;
import org.symphony.edge.auth.ClientCredentialsVerifier;
import org.symphony.edge.auth.CurrentPolicyVersions;
import org.symphony.edge.auth.CurrentTokenVersions;
import org.symphony.edge.auth.TokenIssuer;
import org.symphony.edge.auth.TokenVerifier;
import org.symphony.edge.callbacks.RailKeyIndex;
import org.symphony.edge.supervisor.SupervisorReads;
import org.symphony.engine.instruction.InstructionGateway;

/** What the edge talks to: the engine, the credential store, the audit layer, the read model. */
public record EdgePorts(
    InstructionGateway gateway,
    ClientCredentialsVerifier credentials,
    TokenIssuer issuer,
    TokenVerifier verifier,
    IngressLedger ledger,
    Blackhole blackhole,
    AuditQueries audit,
    ParticipantAdmin participants,
    LedgerReads ledgerReads,
    RailKeyIndex railKeys,
    CurrentPolicyVersions policy,
    CurrentTokenVersions tokenVersions,
    ClientAdmin clients,
    SupervisorReads supervisor,
    Interventions interventions,
    ReconciliationTrigger reconciliation,
    ClusterAdmin cluster,
    Clock clock) {}
