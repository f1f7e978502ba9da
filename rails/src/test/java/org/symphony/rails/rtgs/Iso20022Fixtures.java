package org.symphony.rails.rtgs;

/** Hand-written pacs.002.001.10 status reports and RTGS error documents, as an RTGS would send them. */
final class Iso20022Fixtures {

  static final String PACS002 = Pacs002.NAMESPACE;

  private Iso20022Fixtures() {}

  /** A report on one transaction; null arguments leave their element out. */
  static String report(String orgnlMsgId, String uetr, String txSts, String reasonCode, String addtlInf,
      String acctSvcrRef, String clrSysRef) {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .append("<Document xmlns=\"").append(PACS002).append("\"><FIToFIPmtStsRpt>")
        .append("<GrpHdr><MsgId>RTGSSTS0001</MsgId><CreDtTm>2026-01-05T10:00:00Z</CreDtTm></GrpHdr>")
        .append("<OrgnlGrpInfAndSts><OrgnlMsgId>").append(orgnlMsgId).append("</OrgnlMsgId>")
        .append("<OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId></OrgnlGrpInfAndSts>")
        .append("<TxInfAndSts><OrgnlEndToEndId>ins-1</OrgnlEndToEndId>");
    if (uetr != null) x.append("<OrgnlUETR>").append(uetr).append("</OrgnlUETR>");
    x.append("<TxSts>").append(txSts).append("</TxSts>");
    if (reasonCode != null || addtlInf != null) {
      x.append("<StsRsnInf>");
      if (reasonCode != null) x.append("<Rsn><Cd>").append(reasonCode).append("</Cd></Rsn>");
      if (addtlInf != null) x.append("<AddtlInf>").append(addtlInf).append("</AddtlInf>");
      x.append("</StsRsnInf>");
    }
    if (acctSvcrRef != null) x.append("<AcctSvcrRef>").append(acctSvcrRef).append("</AcctSvcrRef>");
    if (clrSysRef != null) x.append("<ClrSysRef>").append(clrSysRef).append("</ClrSysRef>");
    return x.append("</TxInfAndSts></FIToFIPmtStsRpt></Document>").toString();
  }

  static String status(String orgnlMsgId, String txSts) {
    return report(orgnlMsgId, null, txSts, null, null, null, null);
  }

  static String rejected(String orgnlMsgId, String reasonCode, String addtlInf) {
    return report(orgnlMsgId, null, "RJCT", reasonCode, addtlInf, null, null);
  }

  /** The whole message refused: group status only, no transaction. */
  static String groupRejection(String orgnlMsgId, String reasonCode, String addtlInf) {
    return "<Document xmlns=\"" + PACS002 + "\"><FIToFIPmtStsRpt>"
        + "<GrpHdr><MsgId>RTGSSTS0002</MsgId><CreDtTm>2026-01-05T10:00:00Z</CreDtTm></GrpHdr>"
        + "<OrgnlGrpInfAndSts><OrgnlMsgId>" + orgnlMsgId + "</OrgnlMsgId><OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>"
        + "<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>" + reasonCode + "</Cd></Rsn><AddtlInf>" + addtlInf
        + "</AddtlInf></StsRsnInf></OrgnlGrpInfAndSts></FIToFIPmtStsRpt></Document>";
  }

  /** The answer to a status request about a message the RTGS never received: RJCT AG09. */
  static String notReceived(String msgId) {
    return rejected(msgId, "AG09", "Original payment never received");
  }
}
