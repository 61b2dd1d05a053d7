//
//  SampleDriverShared.h
//  SampleDriver
//
//  Values shared by the driver extension and the application that talks to
//  it. Plain C so the app can include it from C, C++, Objective-C or Swift
//  (through a bridging header).
//

#ifndef SampleDriverShared_h
#define SampleDriverShared_h

// Selectors for IOConnectCall*Method() on a SampleUserClient connection.
enum {
    // No input. Two scalar outputs: packets received, bytes received.
    kSampleSelectorGetStatistics = 0,

    // No input. Structure output: the most recent packet (up to
    // kSampleMaxPacketSize bytes).
    kSampleSelectorCopyLastPacket = 1,

    // Structure input: 1 to kSampleMaxCommandSize bytes sent to the device on
    // its bulk OUT endpoint. No output.
    kSampleSelectorSendCommand = 2,

    kSampleSelectorCount
};

#define kSampleMaxPacketSize  512u
#define kSampleMaxCommandSize 64u

#endif /* SampleDriverShared_h */
