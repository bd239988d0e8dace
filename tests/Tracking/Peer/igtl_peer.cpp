// Test peer built on Debian's libOpenIGTLink (1.11). The test fixture compiles it once per source hash.
//   igtl_peer send PORT        connect to 127.0.0.1:PORT, send TRANSFORM, TDATA, POSITION, STATUS, STRING,
//                               print every value sent (floats as hex bits) one line per item, then close.
//   igtl_peer recv PORT COUNT   connect, receive COUNT messages, unpack each with the library's CRC check and
//                               print the values the same way ("CRCFAIL <type>" when the check fails).
//   igtl_peer stt PORT COUNT MS connect, send STT_TDATA (resolution MS), print COUNT messages as recv does, send
//                               STP_TDATA, then print messages until the RTS_TDATA acknowledging the stop (at most 500).
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include "igtlClientSocket.h"
#include "igtlMessageHeader.h"
#include "igtlTransformMessage.h"
#include "igtlTrackingDataMessage.h"
#include "igtlQuaternionTrackingDataMessage.h"
#include "igtlPositionMessage.h"
#include "igtlStatusMessage.h"
#include "igtlStringMessage.h"
#include "igtlPointMessage.h"
#include "igtlTimeStamp.h"
#include "igtlOSUtil.h"

static unsigned bits(float f) { unsigned u; std::memcpy(&u, &f, 4); return u; }
static void hex(float f) { std::printf(" %08x", bits(f)); }
static void matrix(igtl::Matrix4x4& m) {
  // Wire order: rotation columns, then translation.
  for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) hex(m[r][c]);
  for (int r = 0; r < 3; r++) hex(m[r][3]);
}
static unsigned long long stamp(igtl::MessageBase* msg) {
  igtl::TimeStamp::Pointer ts = igtl::TimeStamp::New();
  msg->GetTimeStamp(ts);
  return ts->GetTimeStampUint64();
}

static int sendAll(igtl::ClientSocket* s) {
  const float vals[12] = {1.0f / 3.0f, -0.0f, 1e-40f, 0.1f, 0.7071068f, -0.7071068f, 2.5f, 3.0e-8f, -1.0f, 12345.678f, -98.765432f, 0.001f};
  igtl::TimeStamp::Pointer ts = igtl::TimeStamp::New();
  ts->SetTime((igtlUint64)((1700000000ULL << 32) | 0x12345678ULL));

  igtl::TransformMessage::Pointer t = igtl::TransformMessage::New();
  t->SetDeviceName("PeerTool");
  igtl::Matrix4x4 m;
  for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) m[r][c] = vals[c * 3 + r];
  for (int r = 0; r < 3; r++) m[r][3] = vals[9 + r];
  m[3][0] = m[3][1] = m[3][2] = 0; m[3][3] = 1;
  t->SetMatrix(m);
  t->SetTimeStamp(ts);
  t->Pack();
  s->Send(t->GetPackPointer(), t->GetPackSize());
  std::printf("TRANSFORM PeerTool %llx", (unsigned long long)ts->GetTimeStampUint64()); matrix(m); std::printf("\n");

  igtl::TrackingDataMessage::Pointer td = igtl::TrackingDataMessage::New();
  td->SetDeviceName("PeerTracker");
  for (int k = 0; k < 2; k++) {
    igtl::TrackingDataElement::Pointer e = igtl::TrackingDataElement::New();
    e->SetName(k == 0 ? "Stylus" : "Needle");
    e->SetType(igtl::TrackingDataElement::TYPE_6D);
    igtl::Matrix4x4 me;
    for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) me[r][c] = vals[(c * 3 + r + k) % 12];
    for (int r = 0; r < 3; r++) me[r][3] = vals[(9 + r + k) % 12] + k;
    me[3][0] = me[3][1] = me[3][2] = 0; me[3][3] = 1;
    e->SetMatrix(me);
    td->AddTrackingDataElement(e);
    std::printf("TDATA %s %d", k == 0 ? "Stylus" : "Needle", (int)igtl::TrackingDataElement::TYPE_6D); matrix(me); std::printf("\n");
  }
  td->Pack();
  s->Send(td->GetPackPointer(), td->GetPackSize());

  igtl::PositionMessage::Pointer p = igtl::PositionMessage::New();
  p->SetDeviceName("PeerPointer");
  float pos[3] = {vals[9], vals[10], vals[11]};
  float q[4] = {0.18257418f, 0.36514837f, 0.54772256f, 0.73029674f};
  p->SetPosition(pos);
  p->SetQuaternion(q);
  p->Pack();
  s->Send(p->GetPackPointer(), p->GetPackSize());
  std::printf("POSITION PeerPointer"); for (float f : pos) hex(f); for (float f : q) hex(f); std::printf("\n");

  igtl::StatusMessage::Pointer st = igtl::StatusMessage::New();
  st->SetDeviceName("Needle");
  st->SetCode(igtl::StatusMessage::STATUS_NOT_PRESENT);
  st->SetSubCode(-1234567890123LL);
  st->SetErrorName("NOT_PRESENT");
  st->SetStatusString("needle markers occluded");
  st->Pack();
  s->Send(st->GetPackPointer(), st->GetPackSize());
  std::printf("STATUS Needle %d %lld NOT_PRESENT needle markers occluded\n", (int)igtl::StatusMessage::STATUS_NOT_PRESENT, -1234567890123LL);

  igtl::StringMessage::Pointer str = igtl::StringMessage::New();
  str->SetDeviceName("PeerText");
  str->SetString("hello from libOpenIGTLink");
  str->Pack();
  s->Send(str->GetPackPointer(), str->GetPackSize());
  std::printf("STRING PeerText %d hello from libOpenIGTLink\n", (int)str->GetEncoding());
  std::fflush(stdout);
  igtl::Sleep(200);
  return 0;
}

template <class T> static typename T::Pointer body(igtl::ClientSocket* s, igtl::MessageHeader* h, bool& ok) {
  typename T::Pointer msg = T::New();
  msg->SetMessageHeader(h);
  msg->AllocatePack();
  s->Receive(msg->GetPackBodyPointer(), msg->GetPackBodySize());
  ok = (msg->Unpack(1) & igtl::MessageHeader::UNPACK_BODY) != 0;
  return msg;
}

static int recvAll(igtl::ClientSocket* s, int count, bool stopAtRts = false) {
  for (int i = 0; i < count; i++) {
    igtl::MessageHeader::Pointer h = igtl::MessageHeader::New();
    h->InitPack();
    if (s->Receive(h->GetPackPointer(), h->GetPackSize()) != h->GetPackSize()) { std::printf("CLOSED\n"); return 1; }
    h->Unpack();
    std::string type = h->GetDeviceType();
    const char* dev = h->GetDeviceName();
    bool ok = false;
    if (type == "TRANSFORM") {
      igtl::TransformMessage::Pointer m = body<igtl::TransformMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      igtl::Matrix4x4 mm; m->GetMatrix(mm);
      std::printf("TRANSFORM %s %llx", dev, stamp(m)); matrix(mm); std::printf("\n");
    } else if (type == "TDATA") {
      igtl::TrackingDataMessage::Pointer m = body<igtl::TrackingDataMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      for (int k = 0; k < m->GetNumberOfTrackingDataElements(); k++) {
        igtl::TrackingDataElement::Pointer e; m->GetTrackingDataElement(k, e);
        igtl::Matrix4x4 mm; e->GetMatrix(mm);
        std::printf("TDATA %s %d", e->GetName(), (int)e->GetType()); matrix(mm); std::printf("\n");
      }
    } else if (type == "QTDATA") {
      igtl::QuaternionTrackingDataMessage::Pointer m = body<igtl::QuaternionTrackingDataMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      for (int k = 0; k < m->GetNumberOfQuaternionTrackingDataElements(); k++) {
        igtl::QuaternionTrackingDataElement::Pointer e; m->GetQuaternionTrackingDataElement(k, e);
        float p[3], q[4]; e->GetPosition(p); e->GetQuaternion(q);
        std::printf("QTDATA %s %d", e->GetName(), (int)e->GetType()); for (float f : p) hex(f); for (float f : q) hex(f); std::printf("\n");
      }
    } else if (type == "POSITION") {
      igtl::PositionMessage::Pointer m = body<igtl::PositionMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      float p[3], q[4]; m->GetPosition(p); m->GetQuaternion(q);
      std::printf("POSITION %s", dev); for (float f : p) hex(f); for (float f : q) hex(f); std::printf("\n");
    } else if (type == "STATUS") {
      igtl::StatusMessage::Pointer m = body<igtl::StatusMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      std::printf("STATUS %s %d %lld %s %s\n", dev, m->GetCode(), (long long)m->GetSubCode(), m->GetErrorName(), m->GetStatusString());
    } else if (type == "STRING") {
      igtl::StringMessage::Pointer m = body<igtl::StringMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      std::printf("STRING %s %d %s\n", dev, (int)m->GetEncoding(), m->GetString());
    } else if (type == "POINT") {
      igtl::PointMessage::Pointer m = body<igtl::PointMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      for (int k = 0; k < m->GetNumberOfPointElement(); k++) {
        igtl::PointElement::Pointer e; m->GetPointElement(k, e);
        float p[3]; e->GetPosition(p);
        igtlUint8 rgba[4]; e->GetRGBA(rgba);
        std::printf("POINT %s %s %02x%02x%02x%02x", e->GetName(), e->GetGroupName(), rgba[0], rgba[1], rgba[2], rgba[3]);
        for (float f : p) hex(f); hex(e->GetRadius()); std::printf(" %s\n", e->GetOwner());
      }
    } else if (type == "RTS_TDATA") {
      igtl::RTSTrackingDataMessage::Pointer m = body<igtl::RTSTrackingDataMessage>(s, h, ok);
      if (!ok) { std::printf("CRCFAIL %s\n", type.c_str()); continue; }
      std::printf("RTS_TDATA %s %d\n", dev, (int)m->GetStatus());
      std::fflush(stdout);
      if (stopAtRts) return 0;
    } else {
      s->Skip(h->GetBodySizeToRead(), 0);
      std::printf("OTHER %s %s\n", type.c_str(), dev);
    }
    std::fflush(stdout);
  }
  return 0;
}

static int sttThenStop(igtl::ClientSocket* s, int count, int resolutionMs) {
  igtl::StartTrackingDataMessage::Pointer start = igtl::StartTrackingDataMessage::New();
  start->SetDeviceName("Peer");
  start->SetResolution(resolutionMs);
  start->SetCoordinateName("Tracker");
  start->Pack();
  s->Send(start->GetPackPointer(), start->GetPackSize());
  if (recvAll(s, count) != 0) return 1;
  igtl::StopTrackingDataMessage::Pointer stop = igtl::StopTrackingDataMessage::New();
  stop->SetDeviceName("Peer");
  stop->Pack();
  s->Send(stop->GetPackPointer(), stop->GetPackSize());
  std::printf("STOPPED\n");
  return recvAll(s, 500, true);
}

int main(int argc, char** argv) {
  if (argc < 3) { std::fprintf(stderr, "usage: igtl_peer send PORT | recv PORT COUNT\n"); return 2; }
  igtl::ClientSocket::Pointer s = igtl::ClientSocket::New();
  if (s->ConnectToServer("127.0.0.1", std::atoi(argv[2])) != 0) { std::fprintf(stderr, "cannot connect to port %s\n", argv[2]); return 1; }
  std::string mode = argv[1];
  int rc = mode == "send" ? sendAll(s)
         : mode == "stt" ? sttThenStop(s, argc > 3 ? std::atoi(argv[3]) : 10, argc > 4 ? std::atoi(argv[4]) : 20)
         : recvAll(s, argc > 3 ? std::atoi(argv[3]) : 1);
  s->CloseSocket();
  return rc;
}
